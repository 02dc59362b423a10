package org.npcoutcomes.config;

import com.typesafe.config.ConfigValue;
import java.util.Locale;

/**
 * Small-cell suppression of the aggregate marts: counts from 1 to {@code minCell - 1} are withheld (with
 * complementary cells, so none can be worked out). {@code policy} names the data-use agreement whose threshold
 * applies ({@code cms}: 11, {@code uscs}: 16); {@code none} publishes every count, and then {@code minCell} is 0.
 */
public record PrivacySettings(String policy, int minCell) {
  /** The policies and their thresholds. */
  public enum Policy {
    CMS(11), USCS(16), NONE(0);

    private final int minCell;

    Policy(int minCell) {
      this.minCell = minCell;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String REFERENCE_CONF = "reference.conf";

  /** No suppression at all. */
  public static PrivacySettings none() {
    return new PrivacySettings(Policy.NONE.label(), 0);
  }

  public static PrivacySettings of(Policy policy, int minCell) {
    return new PrivacySettings(policy.label(), minCell);
  }

  /** True when some counts are withheld (a policy other than none). */
  public boolean suppresses() {
    return minCell > 0;
  }

  static PrivacySettings read(SettingsReader r) {
    Policy policy = r.choice("policy", s -> Policy.valueOf(s.trim().toUpperCase(Locale.ROOT)), "cms, uscs, none");
    // min-cell of the defaults (reference.conf) stands for "the policy's value"; one given in a file or an
    // override replaces it.
    ConfigValue given = r.raw().getValue("min-cell");
    boolean explicit = !REFERENCE_CONF.equals(given.origin().resource());
    if (!explicit) {
      return of(policy, policy.minCell);
    }
    double minCell = r.number("min-cell");
    if (minCell != Math.rint(minCell) || minCell < 1 || minCell > Integer.MAX_VALUE) {
      throw new InvalidConfigException(r.key("min-cell"), "must be an integer of at least 1, was " + given.render());
    }
    if (policy == Policy.NONE) {
      throw new InvalidConfigException(r.key("min-cell"),
          "policy \"none\" withholds no count; leave min-cell out or choose policy cms or uscs");
    }
    return of(policy, (int) minCell);
  }
}
