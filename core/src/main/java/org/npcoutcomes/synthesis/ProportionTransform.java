package org.npcoutcomes.synthesis;

import java.util.Locale;

/** How proportions are pooled ({@code synthesis.transform}). */
public enum ProportionTransform {
  /** Logit, metafor's {@code measure = "PLO"}, inverse-variance pooled. */
  LOGIT("logit"),
  /** Freeman–Tukey double arcsine, {@code measure = "PFT"}, back-transformed with the harmonic-mean n. */
  FREEMAN_TUKEY("freeman-tukey"),
  /** Random-intercept logistic model on the counts, {@code rma.glmm(measure = "PLO")}. */
  GLMM("glmm");

  private final String configName;

  ProportionTransform(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static ProportionTransform parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (ProportionTransform t : values()) {
      if (t.configName.equals(v)) {
        return t;
      }
    }
    return null;
  }
}
