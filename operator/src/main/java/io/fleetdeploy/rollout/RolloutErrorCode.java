package io.fleetdeploy.rollout;

/** The deployment error codes the rollout logic decides (named as CodeDeploy's). */
public enum RolloutErrorCode {
  /** The minimum healthy hosts can no longer be met. */
  HEALTH_CONSTRAINTS,
  /** The minimum healthy hosts leaves no instance to deploy to; nothing was touched. */
  HEALTH_CONSTRAINTS_INVALID,
  /** The deployment has no target instances. */
  NO_INSTANCES,
  /** Stopped on request. */
  MANUAL_STOP,
  /** An alarm was in ALARM while the rollout watched alarms (a checkAlarms step, a zone bake). */
  ALARM_ACTIVE
}
