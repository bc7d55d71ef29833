package io.fleetdeploy.api.v1alpha1;

/** Where a lifecycle hook the operator owns stands. */
public enum HookState {
  /** On the Auto Scaling group as declared. */
  Installed,
  /** Put back as declared after it was changed or deleted outside fleetdeploy. */
  Repaired,
  /** The Auto Scaling group does not exist (or cannot be read). */
  Missing,
  /** Taken off (the group no longer declares it). */
  Removed,
  /** Not installed: another DeploymentGroup owns the Auto Scaling group. */
  Refused;

  /** The hook is in place and the group serves the instances it holds. */
  public boolean active() {
    return this == Installed || this == Repaired;
  }
}
