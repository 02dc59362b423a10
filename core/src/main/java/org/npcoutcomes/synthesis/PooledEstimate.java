package org.npcoutcomes.synthesis;

/**
 * One fitted meta-analysis model (metafor's {@code rma} without moderators) on the analysis scale (log
 * ratio, logit, ...).
 *
 * @param k number of studies
 * @param estimate pooled effect; {@code se} its standard error (Hartung–Knapp scaled for knha/adhoc)
 * @param statistic z or t statistic; {@code testDf} the t degrees of freedom (NaN for z)
 * @param lower confidence interval at {@code level}
 * @param predictionLower prediction interval for a new study's true effect (metafor's {@code predict})
 * @param tau2 between-study variance; {@code tau2Interval} its Q-profile CI with the I² and H² bounds
 * @param i2 I² in percent from τ² (as metafor prints it); {@code i2FromQ} from Q, (Q − df)/Q, as RevMan
 * @param q Cochran's Q of the common-effect fit, with {@code qDf} = k − 1 and {@code qP}
 * @param weights percent weight of each study in this model
 */
public record PooledEstimate(TauEstimator method, IntervalTest test, double level, int k, double estimate,
    double se, double statistic, double testDf, double pValue, double lower, double upper,
    double predictionLower, double predictionUpper, double tau2, TauSquaredInterval tau2Interval, double i2,
    double i2FromQ, double h2, double q, int qDf, double qP, double[] weights) {}
