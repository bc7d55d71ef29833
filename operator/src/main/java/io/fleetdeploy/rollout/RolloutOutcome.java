package io.fleetdeploy.rollout;

/** How a deployment ends. */
public enum RolloutOutcome {
  SUCCEEDED,
  FAILED,
  STOPPED
}
