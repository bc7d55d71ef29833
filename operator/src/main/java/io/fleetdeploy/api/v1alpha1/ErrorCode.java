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
  /**
   * A CloudWatch alarm of the group's alarmConfiguration was in ALARM (watched through the rollout,
   * a checkAlarms step and a zonal bake), or could not be read.
   */
  ALARM_ACTIVE,
  THROTTLED,
  AGENT_ISSUE,
  AUTO_SCALING_CONFIGURATION,
  INVALID_DEPLOYMENT_GROUP,
  /** A FleetPolicy does not allow the group's namespace its targets or the revision's source. */
  POLICY_VIOLATION,
  INTERNAL_ERROR
}
