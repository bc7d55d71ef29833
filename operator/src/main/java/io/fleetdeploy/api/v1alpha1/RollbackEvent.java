package io.fleetdeploy.api.v1alpha1;

/** What triggers an automatic rollback. */
public enum RollbackEvent {
  DeploymentFailure,
  DeploymentStopOnRequest,
  /** Stopped because a CloudWatch alarm of the group's alarmConfiguration was in ALARM. */
  DeploymentStopOnAlarm
}
