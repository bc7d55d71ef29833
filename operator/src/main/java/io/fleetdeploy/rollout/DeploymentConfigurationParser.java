package io.fleetdeploy.rollout;

import java.util.Locale;

/**
 * Reads a deployment configuration given as plain strings and numbers (as the API layer holds it)
 * and rejects anything CodeDeploy would reject, with a {@link RolloutSettingException} naming the
 * field. Field names are relative to the {@code deploymentConfig} object: {@code name}, {@code
 * minimumHealthyHosts.type}, {@code minimumHealthyHosts.value}.
 */
public final class DeploymentConfigurationParser {

  /** CodeDeploy names its predefined configurations with this prefix; accepted for migrations. */
  static final String CODEDEPLOY_PREFIX = "CodeDeployDefault.";

  static final String HOST_COUNT = "HOST_COUNT";
  static final String FLEET_PERCENT = "FLEET_PERCENT";
  private static final int MAX_FLEET_PERCENT = 99;

  private DeploymentConfigurationParser() {}

  /**
   * The configuration given either by name or by a custom minimum, never both; neither means
   * OneAtATime, CodeDeploy's default.
   *
   * @param name a predefined name, or null
   * @param minimumType {@code HOST_COUNT} or {@code FLEET_PERCENT}, or null
   * @param minimumValue the number for {@code minimumType}, or null
   */
  public static DeploymentConfiguration parse(
      String name, String minimumType, Integer minimumValue) {
    boolean customGiven = minimumType != null || minimumValue != null;
    if (name != null && customGiven) {
      throw new RolloutSettingException(
          "deploymentConfig",
          "set either name or minimumHealthyHosts, not both (name is '" + name + "')");
    }
    if (customGiven) {
      return DeploymentConfiguration.custom(parseMinimum(minimumType, minimumValue));
    }
    if (name != null) {
      return parseName(name);
    }
    return DeploymentConfiguration.ONE_AT_A_TIME;
  }

  /**
   * A predefined configuration by its name ({@code AllAtOnce}, {@code HalfAtATime}, {@code
   * OneAtATime}), also with CodeDeploy's {@code CodeDeployDefault.} prefix. Names are
   * case-sensitive as in CodeDeploy; a near miss is pointed out.
   */
  public static DeploymentConfiguration parseName(String name) {
    if (name == null || name.isBlank()) {
      throw new RolloutSettingException("name", "is empty; expected " + predefinedNames());
    }
    String bare =
        name.startsWith(CODEDEPLOY_PREFIX) ? name.substring(CODEDEPLOY_PREFIX.length()) : name;
    for (DeploymentConfiguration predefined : DeploymentConfiguration.PREDEFINED) {
      if (predefined.name().equals(bare)) {
        return predefined;
      }
    }
    for (DeploymentConfiguration predefined : DeploymentConfiguration.PREDEFINED) {
      if (predefined.name().equalsIgnoreCase(bare.strip())) {
        throw new RolloutSettingException(
            "name",
            "unknown deployment configuration '"
                + name
                + "'; did you mean '"
                + predefined.name()
                + "'? Names are case-sensitive");
      }
    }
    throw new RolloutSettingException(
        "name",
        "unknown deployment configuration '"
            + name
            + "'; expected "
            + predefinedNames()
            + ", or minimumHealthyHosts for a custom one");
  }

  /**
   * A custom minimum: {@code HOST_COUNT} with a value of 0 or more, or {@code FLEET_PERCENT} with a
   * value from 0 to 99 (CodeDeploy's limits; 100 % could never leave an instance to deploy to).
   */
  public static MinimumHealthyHosts parseMinimum(String type, Integer value) {
    if (type == null || type.isBlank()) {
      throw new RolloutSettingException(
          "minimumHealthyHosts.type", "is missing; expected HOST_COUNT or FLEET_PERCENT");
    }
    if (!type.equals(HOST_COUNT) && !type.equals(FLEET_PERCENT)) {
      String hint =
          type.strip().toUpperCase(Locale.ROOT).equals(HOST_COUNT)
                  || type.strip().toUpperCase(Locale.ROOT).equals(FLEET_PERCENT)
              ? " (types are upper case)"
              : "";
      throw new RolloutSettingException(
          "minimumHealthyHosts.type",
          "unknown type '" + type + "'; expected HOST_COUNT or FLEET_PERCENT" + hint);
    }
    if (value == null) {
      throw new RolloutSettingException(
          "minimumHealthyHosts.value",
          "is missing; "
              + (type.equals(HOST_COUNT)
                  ? "expected a number of hosts, 0 or more"
                  : "expected a percentage from 0 to " + MAX_FLEET_PERCENT));
    }
    if (type.equals(HOST_COUNT)) {
      if (value < 0) {
        throw new RolloutSettingException(
            "minimumHealthyHosts.value", "HOST_COUNT must be 0 or more, got " + value);
      }
      return MinimumHealthyHosts.hostCount(value);
    }
    if (value < 0 || value > MAX_FLEET_PERCENT) {
      throw new RolloutSettingException(
          "minimumHealthyHosts.value",
          "FLEET_PERCENT must be from 0 to "
              + MAX_FLEET_PERCENT
              + ", got "
              + value
              + (value > MAX_FLEET_PERCENT ? " (it would leave no instance to deploy to)" : ""));
    }
    return MinimumHealthyHosts.fleetPercent(value);
  }

  private static String predefinedNames() {
    return "AllAtOnce, HalfAtATime or OneAtATime";
  }
}
