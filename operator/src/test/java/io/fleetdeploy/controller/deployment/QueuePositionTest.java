package io.fleetdeploy.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.controller.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueuePositionTest {
  @Test
  void theFirstCreatedGoesAndTheOthersQueueBehindIt() {
    Deployment a = deployment("a", "2026-01-01T00:00:01Z", null, null);
    Deployment b = deployment("b", "2026-01-01T00:00:02Z", null, null);
    assertThat(QueuePosition.behind(a, List.of(a, b))).isEmpty();
    assertThat(QueuePosition.behind(b, List.of(a, b))).contains(a);
  }

  @Test
  void aRunningDeploymentHoldsTheGroupEvenIfCreatedLater() {
    Deployment a = deployment("a", "2026-01-01T00:00:01Z", null, null);
    Deployment b = deployment("b", "2026-01-01T00:00:02Z", DeploymentPhase.InProgress, null);
    assertThat(QueuePosition.behind(a, List.of(a, b))).contains(b);
  }

  @Test
  void finishedDeploymentsAndOtherGroupsDoNotCount() {
    Deployment done = deployment("a", "2026-01-01T00:00:01Z", DeploymentPhase.Failed, null);
    Deployment other = deployment("x", "2026-01-01T00:00:00Z", DeploymentPhase.InProgress, null);
    other.getSpec().getDeploymentGroupRef().setName("other-group");
    Deployment b = deployment("b", "2026-01-01T00:00:02Z", null, null);
    assertThat(QueuePosition.behind(b, List.of(done, other, b))).isEmpty();
  }

  @Test
  void aRollbackGoesBeforeDeploymentsQueuedEarlier() {
    Deployment queued = deployment("queued", "2026-01-01T00:00:01Z", DeploymentPhase.Queued, null);
    Deployment rollback = deployment("web-rollback", "2026-01-01T00:00:09Z", null, "rollback");
    assertThat(QueuePosition.behind(rollback, List.of(queued, rollback))).isEmpty();
    assertThat(QueuePosition.behind(queued, List.of(queued, rollback))).contains(rollback);
  }

  @Test
  void launchDeploymentsNeverQueueNorBlock() {
    Deployment running = deployment("a", "2026-01-01T00:00:01Z", DeploymentPhase.InProgress, null);
    Deployment launch = deployment("launch", "2026-01-01T00:00:02Z", null, "autoscaling");
    Deployment b = deployment("b", "2026-01-01T00:00:03Z", null, null);
    assertThat(QueuePosition.behind(launch, List.of(running, launch, b))).isEmpty();
    assertThat(QueuePosition.behind(b, List.of(running, launch, b))).contains(running);
  }

  static Deployment deployment(String name, String created, DeploymentPhase phase, String creator) {
    Deployment d = new Deployment();
    d.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("ns")
            .withCreationTimestamp(created)
            .withLabels(creator == null ? Map.of() : Map.of(Labels.CREATOR, creator))
            .build());
    DeploymentSpec spec = new DeploymentSpec();
    ObjectReference ref = new ObjectReference();
    ref.setName("web");
    spec.setDeploymentGroupRef(ref);
    d.setSpec(spec);
    if (phase != null) {
      DeploymentStatus status = new DeploymentStatus();
      status.setPhase(phase);
      d.setStatus(status);
    }
    return d;
  }
}
