package io.fleetdeploy.simulator.fleet;

/** An Auto Scaling lifecycle hook as stored (validated). */
public record LifecycleHook(String name, String groupName, String transition, int heartbeatTimeoutSeconds,
    String defaultResult, String notificationTargetArn, String roleArn, String notificationMetadata) {

  public static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
  public static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";

  /** AWS: the wait ends after 100 heartbeat timeouts or 48 hours, whichever is shorter. */
  public int globalTimeoutSeconds() {
    return (int) Math.min(100L * heartbeatTimeoutSeconds, 172_800L);
  }
}
