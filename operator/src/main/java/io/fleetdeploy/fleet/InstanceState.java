package io.fleetdeploy.fleet;

/** EC2 instance states; managed on-premises instances are RUNNING while registered. */
public enum InstanceState {
  PENDING,
  RUNNING,
  STOPPING,
  STOPPED,
  SHUTTING_DOWN,
  TERMINATED;

  /** Whether a deployment can still reach the instance. */
  public boolean reachable() {
    return this == PENDING || this == RUNNING;
  }
}
