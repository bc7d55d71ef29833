package io.fleetdeploy.api.v1alpha1;

/** What triggers an automatic rollback. */
public enum RollbackEvent {
  DeploymentFailure,
  DeploymentStopOnRequest
}
