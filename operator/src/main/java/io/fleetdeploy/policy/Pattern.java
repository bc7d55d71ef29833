package io.fleetdeploy.policy;

/** The one pattern language of FleetPolicy: exact, a prefix ending in {@code *}, or {@code *}. */
final class Pattern {
  private Pattern() {}

  static boolean matches(String pattern, String value) {
    if (value == null) {
      return false;
    }
    if (pattern.endsWith("*")) {
      return value.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return pattern.equals(value);
  }
}
