package io.fleetdeploy.simulator.fleet;

import java.util.regex.Pattern;

/** An Auto Scaling lifecycle hook as stored (validated). */
public record LifecycleHook(
    String name,
    String groupName,
    String transition,
    int heartbeatTimeoutSeconds,
    String defaultResult,
    String notificationTargetArn,
    String roleArn,
    String notificationMetadata) {

  public static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
  public static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9\\-_/]+");

  /** AWS: the wait ends after 100 heartbeat timeouts or 48 hours, whichever is shorter. */
  public int globalTimeoutSeconds() {
    return (int) Math.min(100L * heartbeatTimeoutSeconds, 172_800L);
  }

  /**
   * Checks a requested hook as Auto Scaling does (name, transition, heartbeat 30-7200 s, default
   * result) and fills what it leaves out from the hook it replaces, or AWS's defaults.
   */
  static LifecycleHook validated(String groupName, HookSpec spec, LifecycleHook existing) {
    String name = spec.name();
    if (name == null) {
      throw new FleetException(
          "ValidationError",
          "1 validation error detected: Value null at 'lifecycleHookName'"
              + " failed to satisfy constraint: Member must not be null");
    }
    if (name.isEmpty() || name.length() > 255) {
      throw new FleetException(
          "ValidationError",
          "1 validation error detected: Value '"
              + name
              + "' at 'lifecycleHookName' failed to satisfy constraint: Member must have length between 1 and 255");
    }
    if (!NAME.matcher(name).matches()) {
      throw new FleetException(
          "ValidationError",
          "1 validation error detected: Value '"
              + name
              + "' at 'lifecycleHookName' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: [A-Za-z0-9\\-_\\/]+");
    }
    String transition =
        spec.transition() != null
            ? spec.transition()
            : existing == null ? null : existing.transition();
    if (transition == null) {
      throw new FleetException(
          "ValidationError",
          "LifecycleTransition is required when creating lifecycle hook " + name + ".");
    }
    if (!LAUNCHING.equals(transition) && !TERMINATING.equals(transition)) {
      throw new FleetException(
          "ValidationError",
          "Invalid LifecycleTransition '"
              + transition
              + "': valid values are "
              + LAUNCHING
              + " and "
              + TERMINATING
              + ".");
    }
    int heartbeat =
        spec.heartbeatTimeoutSeconds() != null
            ? spec.heartbeatTimeoutSeconds()
            : existing != null ? existing.heartbeatTimeoutSeconds() : 3600;
    if (heartbeat < 30 || heartbeat > 7200) {
      throw new FleetException(
          "ValidationError",
          "HeartbeatTimeout must be between 30 and 7200 seconds, was " + heartbeat + ".");
    }
    String defaultResult =
        spec.defaultResult() != null
            ? spec.defaultResult()
            : existing != null ? existing.defaultResult() : "ABANDON";
    if (!"CONTINUE".equals(defaultResult) && !"ABANDON".equals(defaultResult)) {
      throw new FleetException(
          "ValidationError",
          "DefaultResult must be CONTINUE or ABANDON, was '" + defaultResult + "'.");
    }
    return new LifecycleHook(
        name,
        groupName,
        transition,
        heartbeat,
        defaultResult,
        pick(
            spec.notificationTargetArn(),
            existing == null ? null : existing.notificationTargetArn()),
        pick(spec.roleArn(), existing == null ? null : existing.roleArn()),
        pick(
            spec.notificationMetadata(),
            existing == null ? null : existing.notificationMetadata()));
  }

  private static String pick(String requested, String existing) {
    return requested != null ? requested : existing;
  }
}
