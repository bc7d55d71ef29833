package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.http.ApiException;
import java.util.regex.Pattern;

/**
 * The model constraints SSM's front end enforces, with its ValidationException wording ("1
 * validation error detected: Value '...' at 'member' failed to satisfy constraint: ...").
 */
final class Constraints {
  static final Pattern INSTANCE_ID = Pattern.compile("(^i-(\\w{8}|\\w{17})$)|(^mi-\\w{17}$)");

  private Constraints() {}

  static void required(String member, Object value) {
    if (value == null) {
      throw violation("null", member, "Member must not be null");
    }
  }

  static void maxLength(String member, String value, int max) {
    if (value != null && value.length() > max) {
      throw violation(value, member, "Member must have length less than or equal to " + max);
    }
  }

  static void length(String member, String value, int min, int max) {
    if (value == null) {
      return;
    }
    if (value.length() < min) {
      throw violation(value, member, "Member must have length greater than or equal to " + min);
    }
    maxLength(member, value, max);
  }

  static void maxItems(String member, java.util.List<?> values, int max) {
    if (values != null && values.size() > max) {
      throw violation(
          values.toString(), member, "Member must have length less than or equal to " + max);
    }
  }

  static void range(String member, Integer value, int min, int max) {
    if (value == null) {
      return;
    }
    if (value < min) {
      throw violation(
          value.toString(), member, "Member must have value greater than or equal to " + min);
    }
    if (value > max) {
      throw violation(
          value.toString(), member, "Member must have value less than or equal to " + max);
    }
  }

  static void pattern(String member, String value, Pattern pattern) {
    if (value != null && !pattern.matcher(value).find()) {
      throw violation(
          value, member, "Member must satisfy regular expression pattern: " + pattern.pattern());
    }
  }

  static void instanceId(String member, String value) {
    if (value != null && !INSTANCE_ID.matcher(value).matches()) {
      throw violation(
          value,
          member,
          "Member must satisfy regular expression pattern: " + INSTANCE_ID.pattern());
    }
  }

  private static ApiException violation(String value, String member, String constraint) {
    return ApiException.badRequest(
        "ValidationException",
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: "
            + constraint);
  }
}
