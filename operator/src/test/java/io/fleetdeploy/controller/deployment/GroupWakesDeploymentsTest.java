package io.fleetdeploy.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.testing.Resources;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A change of a DeploymentGroup (its status is written when a deployment starts and ends) wakes the
 * group's Deployments that can still act on it, not its history: with a long history every group
 * write reconciled every finished Deployment, beside the one starting, on the same CPUs.
 */
class GroupWakesDeploymentsTest {

  @Test
  void aGroupChangeWakesItsUnfinishedDeploymentsOnly() {
    List<Deployment> ofGroup =
        List.of(
            deployment("new", null),
            deployment("queued", DeploymentPhase.Queued),
            deployment("running", DeploymentPhase.InProgress),
            deployment("succeeded", DeploymentPhase.Succeeded),
            deployment("failed", DeploymentPhase.Failed),
            deployment("stopped", DeploymentPhase.Stopped));

    assertThat(DeploymentReconciler.toWake(ofGroup))
        .extracting(ResourceID::getName)
        .containsExactlyInAnyOrder("new", "queued", "running");
  }

  private static Deployment deployment(String name, DeploymentPhase phase) {
    Deployment d = Resources.deployment("ns", name, "web", "bucket", "key");
    if (phase != null) {
      d.setStatus(new DeploymentStatus());
      d.getStatus().setPhase(phase);
    }
    return d;
  }
}
