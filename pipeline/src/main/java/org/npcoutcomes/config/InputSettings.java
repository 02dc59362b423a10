package org.npcoutcomes.config;

import java.util.List;

/** Registry extract files of a run and the mapping that reads them. */
public record InputSettings(List<String> paths, String sourceMapping, double maxRejectShare) {
  static InputSettings read(SettingsReader input, SettingsReader quality) {
    List<String> paths = input.strings("paths");
    if (paths.isEmpty()) {
      throw new InvalidConfigException(input.key("paths"), "at least one input file is needed");
    }
    return new InputSettings(List.copyOf(paths), input.nonEmptyString("source-mapping"),
        quality.numberIn("max-reject-share", 0.0, 1.0));
  }
}
