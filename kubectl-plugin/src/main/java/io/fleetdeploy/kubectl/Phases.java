package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;

/** Where a Deployment is: done or not, and how it ended. */
final class Phases {
  private Phases() {}

  static DeploymentPhase of(Deployment d) {
    return d.getStatus() == null || d.getStatus().getPhase() == null
        ? DeploymentPhase.Created
        : d.getStatus().getPhase();
  }

  static boolean finished(Deployment d) {
    DeploymentPhase p = of(d);
    return p == DeploymentPhase.Succeeded
        || p == DeploymentPhase.Failed
        || p == DeploymentPhase.Stopped;
  }
}
