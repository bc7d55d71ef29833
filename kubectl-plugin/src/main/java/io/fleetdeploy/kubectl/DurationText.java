package io.fleetdeploy.kubectl;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as kubectl writes them: 90s, 15m, 1h30m, 500ms. */
final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

  private DurationText() {}

  static Duration parse(String option, String text) {
    if (text == null || text.isBlank()) {
      throw new UserError(option + " needs a duration such as 90s, 15m or 1h");
    }
    Matcher m = PART.matcher(text.strip());
    Duration total = Duration.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      at = m.end();
    }
    if (at != text.strip().length() || at == 0) {
      throw new UserError(
          option + " must be a duration such as 90s, 15m or 1h30m, was '" + text + "'");
    }
    return total;
  }
}
