package io.fleetdeploy.api.v1alpha1;

/** Why a deployment failed, mirroring CodeDeploy's error codes. */
public enum ErrorCode {
  HEALTH_CONSTRAINTS,
  HEALTH_CONSTRAINTS_INVALID,
  NO_INSTANCES,
  INVALID_REVISION,
  REVISION_MISSING,
  TIMEOUT,
  MANUAL_STOP,
  THROTTLED,
  AGENT_ISSUE,
  AUTO_SCALING_CONFIGURATION,
  INVALID_DEPLOYMENT_GROUP,
  /** A FleetPolicy does not allow the group's namespace its targets or the revision's source. */
  POLICY_VIOLATION,
  INTERNAL_ERROR,
  /** An alarm was in ALARM while the rollout watched alarms (a checkAlarms step, a zone bake). */
  ALARM_ACTIVE
}
