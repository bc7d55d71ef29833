package io.fleetdeploy.api.v1alpha1;

/** Phase of a Deployment. */
public enum DeploymentPhase {
  Created,
  Queued,
  InProgress,
  Succeeded,
  Failed,
  Stopped
}
