package org.npcoutcomes.propensity;

/**
 * E-values for a hazard ratio (VanderWeele and Ding 2017): the minimum strength of association, on the
 * risk-ratio scale, that an unmeasured confounder would need with both treatment and outcome to explain
 * away the estimate (or move its confidence limit to 1). With a rare outcome the HR stands in for a risk
 * ratio; with a common one (over 15% by end of follow-up) it is first converted:
 * RR = (1 - 0.5^sqrt(HR)) / (1 - 0.5^sqrt(1/HR)).
 */
public final class EValue {
  private EValue() {}

  /** E-value of the point estimate and of the CI limit nearer to 1 (1 when the CI contains 1). */
  public record Result(double estimate, double limit) {}

  public static Result forHazardRatio(double hr, double lower, double upper, boolean commonOutcome) {
    double point = of(toRiskRatio(hr, commonOutcome));
    double limit;
    if (lower <= 1 && upper >= 1) {
      limit = 1;
    } else {
      limit = of(toRiskRatio(hr < 1 ? upper : lower, commonOutcome));
    }
    return new Result(point, limit);
  }

  static double toRiskRatio(double hr, boolean commonOutcome) {
    return commonOutcome ? (1 - Math.pow(0.5, Math.sqrt(hr))) / (1 - Math.pow(0.5, Math.sqrt(1 / hr))) : hr;
  }

  /** E = RR + sqrt(RR (RR - 1)) for RR >= 1, applied to 1/RR below 1. */
  static double of(double rr) {
    double r = rr < 1 ? 1 / rr : rr;
    return r + Math.sqrt(r * (r - 1));
  }
}
