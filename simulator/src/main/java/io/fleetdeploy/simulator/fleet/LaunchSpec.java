package io.fleetdeploy.simulator.fleet;

/**
 * How a group launches instances, kept only to echo it back: a launch template (id or name and
 * version) or a launch configuration name. All launches get the simulator's one instance type.
 */
public record LaunchSpec(
    String launchTemplateId,
    String launchTemplateName,
    String launchTemplateVersion,
    String launchConfigurationName) {

  public static LaunchSpec none() {
    return new LaunchSpec(null, null, null, null);
  }
}
