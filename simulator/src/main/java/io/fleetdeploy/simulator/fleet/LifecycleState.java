package io.fleetdeploy.simulator.fleet;

/** Auto Scaling instance lifecycle states (the subset this simulator walks through). */
public enum LifecycleState {
  PENDING("Pending"),
  PENDING_WAIT("Pending:Wait"),
  PENDING_PROCEED("Pending:Proceed"),
  IN_SERVICE("InService"),
  TERMINATING("Terminating"),
  TERMINATING_WAIT("Terminating:Wait"),
  TERMINATING_PROCEED("Terminating:Proceed"),
  TERMINATED("Terminated");

  private final String wireName;

  LifecycleState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Counts toward the group's capacity (not on its way out). */
  public boolean isActive() {
    return this == PENDING || this == PENDING_WAIT || this == PENDING_PROCEED || this == IN_SERVICE;
  }
}
