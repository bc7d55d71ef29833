package io.fleetdeploy.api.v1alpha1;

/** Phase of a Deployment. */
public enum DeploymentPhase {
  Created,
  Queued,
  InProgress,
  Succeeded,
  Failed,
  Stopped;

  /** Succeeded, Failed or Stopped: the deployment is over and will not change again. */
  public boolean finished() {
    return this == Succeeded || this == Failed || this == Stopped;
  }
}
