package io.fleetdeploy.rollout;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations of pauses, alarm checks and zone bake times as written in a spec: a sequence
 * of whole numbers with a unit, {@code 30s}, {@code 5m}, {@code 1h30m} (the way Argo Rollouts and
 * Kubernetes users write them), or a bare number of seconds as CodeDeploy's {@code
 * monitorDurationInSeconds} takes them.
 */
public final class StepDuration {
  /** The CRD's pattern for these fields, kept equal to what {@link #parse} accepts. */
  public static final String PATTERN = "^([0-9]+|([0-9]+[hms])+)$";

  private static final Pattern PART = Pattern.compile("([0-9]+)([hms])");

  /** CodeDeploy caps its waits at two days; longer is almost certainly a typo. */
  static final Duration MAX = Duration.ofDays(2);

  private StepDuration() {}

  /**
   * The duration {@code text} means.
   *
   * @param field the field's path, for the message
   * @throws RolloutSettingException when it is not a duration or exceeds two days
   */
  public static Duration parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new RolloutSettingException(
          field, "is missing; expected a duration such as 30s, 5m or 1h30m");
    }
    String t = text.strip();
    Duration total = Duration.ZERO;
    if (t.chars().allMatch(Character::isDigit)) {
      total = Duration.ofSeconds(number(field, text, t));
    } else {
      Matcher m = PART.matcher(t);
      int at = 0;
      while (m.find() && m.start() == at) {
        long n = number(field, text, m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "h" -> Duration.ofHours(n);
                  case "m" -> Duration.ofMinutes(n);
                  default -> Duration.ofSeconds(n);
                });
        at = m.end();
      }
      if (at != t.length()) {
        throw new RolloutSettingException(
            field,
            "'"
                + text
                + "' is not a duration; expected e.g. 30s, 5m, 1h30m or a number of seconds");
      }
    }
    if (total.compareTo(MAX) > 0) {
      throw new RolloutSettingException(
          field, "'" + text + "' is longer than 48h, the longest wait allowed (as in CodeDeploy)");
    }
    return total;
  }

  private static long number(String field, String text, String digits) {
    if (digits.length() > 9) {
      throw new RolloutSettingException(field, "'" + text + "' is too large");
    }
    return Long.parseLong(digits);
  }

  /** A duration as a person reads it: {@code 1h30m}, {@code 45s}, {@code 0s}. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    if (s == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      out.append(s % 3600 / 60).append('m');
    }
    if (s % 60 > 0) {
      out.append(s % 60).append('s');
    }
    return out.toString();
  }
}
