package org.npcoutcomes.synthesis;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.npcoutcomes.stats.ChiSquare;

/**
 * The random-intercept logistic model for proportions, metafor's {@code rma.glmm(measure = "PLO")}:
 * xᵢ ~ Binomial(nᵢ, expit(μ + τuᵢ)), uᵢ ~ N(0, 1), fitted by maximum likelihood with the likelihood of each
 * study integrated by adaptive Gauss–Hermite quadrature, as {@code lme4::glmer(nAGQ = 7)} (metafor's
 * default; {@code points = 1} is the Laplace approximation). Studies with no events or only events need no
 * correction here: the binomial likelihood takes them as they are.
 *
 * <p>The standard error of μ comes, as in lme4's {@code vcov}, from the inverse Hessian of the deviance in
 * (τ, μ), here by central differences of step 1e-4 (lme4's own); I² and H² use the typical variance of the
 * logit effects (with metafor's ½ correction), and the heterogeneity test is the likelihood-ratio test of
 * the intercept-only logistic model against one proportion per study (metafor's {@code QE.LRT}).
 */
public final class RandomInterceptLogistic {
  /** metafor's {@code rma.glmm} default number of quadrature points. */
  public static final int DEFAULT_POINTS = 7;
  private static final double HESSIAN_STEP = 1e-4;

  private final long[] events;
  private final long[] totals;
  private final double[] nodes;
  private final double[] weights;

  /** Fit result; {@code estimate} and its interval are logits. */
  public record Fit(int k, double estimate, double se, double statistic, double pValue, double lower,
      double upper, double tau2, double i2, double h2, double qLrt, int qDf, double qLrtP,
      double deviance) {}

  private RandomInterceptLogistic(long[] events, long[] totals, int points) {
    this.events = events;
    this.totals = totals;
    GaussIntegrator rule = new GaussIntegratorFactory().hermite(points);
    nodes = new double[points];
    weights = new double[points];
    for (int j = 0; j < points; j++) {
      nodes[j] = rule.getPoint(j);
      weights[j] = rule.getWeight(j);
    }
  }

  public static Fit fit(long[] events, long[] totals, int points, double level) {
    ProportionEffects logits = ProportionEffects.of(events, totals, ProportionTransform.LOGIT);
    RandomInterceptLogistic model = new RandomInterceptLogistic(events, totals, points);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double y : logits.y()) {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
    double muLo = lo - 1;
    double muHi = hi + 1;
    // Profile out μ for each τ, then maximise over τ: both one-dimensional and smooth.
    double tauHi = Math.max(5, 2 * (hi - lo));
    BrentOptimizer outer = new BrentOptimizer(1e-13, 1e-15);
    double tau = outer.optimize(new MaxEval(100_000), GoalType.MINIMIZE, new SearchInterval(0, tauHi),
        new UnivariateObjectiveFunction(t -> model.deviance(model.bestMu(t, muLo, muHi), t))).getPoint();
    if (model.deviance(model.bestMu(0, muLo, muHi), 0) <= model.deviance(model.bestMu(tau, muLo, muHi), tau)) {
      tau = 0; // the boundary, which Brent only approaches
    }
    double mu = model.bestMu(tau, muLo, muHi);
    double dev = model.deviance(mu, tau);
    double se = Math.sqrt(model.muVariance(mu, tau));
    double z = mu / se;
    double crit = Distributions.normalCritical(level);
    double tau2 = tau * tau;
    double vt = WeightedMean.of(logits.y(), logits.v(), 0).typicalVariance();
    int k = events.length;
    double qLrt = k > 1 ? Math.max(0, model.heterogeneityDeviance()) : 0;
    return new Fit(k, mu, se, z, Distributions.normalTwoSided(z), mu - crit * se, mu + crit * se, tau2,
        100 * tau2 / (vt + tau2), tau2 / vt + 1, qLrt, k - 1, k > 1 ? ChiSquare.upperTail(qLrt, k - 1) : 1,
        dev);
  }

  private double bestMu(double tau, double lo, double hi) {
    return new BrentOptimizer(1e-13, 1e-15).optimize(new MaxEval(100_000), GoalType.MINIMIZE,
        new SearchInterval(lo, hi), new UnivariateObjectiveFunction(m -> deviance(m, tau))).getPoint();
  }

  /** −2 log L (without the binomial coefficients), each study's integral by adaptive quadrature. */
  double deviance(double mu, double tau) {
    double total = 0;
    for (int i = 0; i < events.length; i++) {
      total += -2 * logIntegral(events[i], totals[i], mu, Math.abs(tau));
    }
    return total;
  }

  /** log ∫ p(x | u) φ(u) du around the mode of the integrand, scaled by its curvature there. */
  private double logIntegral(long x, long n, double mu, double tau) {
    // The integrand is log-concave in u: Newton steps, halved until they climb, find its mode.
    double u = 0;
    double g = logIntegrand(x, n, mu, tau, u);
    for (int iter = 0; iter < 500; iter++) {
      double p = ProportionEffects.inverseLogit(mu + tau * u);
      double step = (tau * (x - n * p) - u) / (tau * tau * n * p * (1 - p) + 1);
      double next = u + step;
      double gNext = logIntegrand(x, n, mu, tau, next);
      while (!(gNext >= g) && Math.abs(step) > 1e-300) {
        step /= 2;
        next = u + step;
        gNext = logIntegrand(x, n, mu, tau, next);
      }
      u = next;
      g = gNext;
      if (Math.abs(step) < 1e-14 * Math.max(1, Math.abs(u))) {
        break;
      }
    }
    double p = ProportionEffects.inverseLogit(mu + tau * u);
    double sigma = 1 / Math.sqrt(tau * tau * n * p * (1 - p) + 1);
    double g0 = logIntegrand(x, n, mu, tau, u);
    double sum = 0;
    for (int j = 0; j < nodes.length; j++) {
      double uj = u + Math.sqrt(2) * sigma * nodes[j];
      sum += weights[j] * Math.exp(nodes[j] * nodes[j] + logIntegrand(x, n, mu, tau, uj) - g0);
    }
    return Math.log(Math.sqrt(2) * sigma) + g0 + Math.log(sum);
  }

  private static double logIntegrand(long x, long n, double mu, double tau, double u) {
    double eta = mu + tau * u;
    // x log p + (n − x) log(1 − p), written to stay finite for large |eta|
    double logP = -Math.log1p(Math.exp(-eta));
    double log1mP = -Math.log1p(Math.exp(eta));
    if (eta > 30) {
      log1mP = -eta - Math.log1p(Math.exp(-eta));
    } else if (eta < -30) {
      logP = eta - Math.log1p(Math.exp(eta));
    }
    double events = x == 0 ? 0 : x * logP; // 0·log 0 = 0
    double others = x == n ? 0 : (n - x) * log1mP;
    return events + others - 0.5 * u * u - 0.5 * Math.log(2 * Math.PI);
  }

  /** Var(μ̂): twice the (μ, μ) element of the inverse Hessian of the deviance in (τ, μ). */
  private double muVariance(double mu, double tau) {
    double h = HESSIAN_STEP;
    double f0 = deviance(mu, tau);
    double hmm = (deviance(mu + h, tau) - 2 * f0 + deviance(mu - h, tau)) / (h * h);
    double htt = (deviance(mu, tau + h) - 2 * f0 + deviance(mu, tau - h)) / (h * h);
    double htm = (deviance(mu + h, tau + h) - deviance(mu + h, tau - h) - deviance(mu - h, tau + h)
        + deviance(mu - h, tau - h)) / (4 * h * h);
    double det = htt * hmm - htm * htm;
    return 2 * htt / det;
  }

  /** Deviance of the one-proportion logistic model against one proportion per study. */
  private double heterogeneityDeviance() {
    long x = 0;
    long n = 0;
    for (int i = 0; i < events.length; i++) {
      x += events[i];
      n += totals[i];
    }
    double p = (double) x / n;
    double dev = 0;
    for (int i = 0; i < events.length; i++) {
      double xi = events[i];
      double mi = totals[i] - events[i];
      if (xi > 0) {
        dev += 2 * xi * Math.log(xi / (totals[i] * p));
      }
      if (mi > 0) {
        dev += 2 * mi * Math.log(mi / (totals[i] * (1 - p)));
      }
    }
    return dev;
  }
}
