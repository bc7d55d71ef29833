package io.fleetdeploy.simulator.fleet;

/** EC2 instance states with their API codes. */
public enum InstanceState {
  PENDING(0, "pending"),
  RUNNING(16, "running"),
  SHUTTING_DOWN(32, "shutting-down"),
  TERMINATED(48, "terminated"),
  STOPPING(64, "stopping"),
  STOPPED(80, "stopped");

  private final int code;
  private final String wireName;

  InstanceState(int code, String wireName) {
    this.code = code;
    this.wireName = wireName;
  }

  public int code() {
    return code;
  }

  public String wireName() {
    return wireName;
  }

  /** Shutting down or terminated: the host is gone for good. */
  public boolean isGone() {
    return this == SHUTTING_DOWN || this == TERMINATED;
  }

  public static InstanceState fromWireName(String name) {
    for (InstanceState s : values()) {
      if (s.wireName.equals(name)) {
        return s;
      }
    }
    return null;
  }
}
