package io.fleetdeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.testing.Resources;
import org.junit.jupiter.api.Test;

/** What the controllers rely on from the embedded API server (as from a real one). */
class EmbeddedApiServerTest {
  @Test
  void installingTheCrdsAgainFindsThemThereAndLeavesThemWorking() {
    // What a create retried after a client timeout meets: the first attempt landed after all.
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      EmbeddedApiServer.installCrds(api.client(), EmbeddedApiServer.loadCrds());

      assertThat(api.client().apiextensions().v1().customResourceDefinitions().list().getItems())
          .extracting(crd -> crd.getMetadata().getName())
          .containsExactlyInAnyOrder(
              "applications.fleetdeploy.io",
              "deploymentgroups.fleetdeploy.io",
              "deployments.fleetdeploy.io",
              "fleetpolicies.fleetdeploy.io");
      api.client().resource(Resources.deployment("ns", "d", "g", "bucket-1", "k")).create();
      assertThat(api.client().resources(Deployment.class).inNamespace("ns").list().getItems())
          .hasSize(1);
    }
  }

  @Test
  void aStatusWriteFromAStaleCopyIsAConflict() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      Deployment created =
          api.client().resource(Resources.deployment("ns", "d", "g", "bucket-1", "k")).create();
      Deployment stale = Serialization.clone(created);

      DeploymentStatus first = new DeploymentStatus();
      first.setPhase(DeploymentPhase.Queued);
      created.setStatus(first);
      api.client().resource(created).updateStatus();

      DeploymentStatus second = new DeploymentStatus();
      second.setPhase(DeploymentPhase.InProgress);
      stale.setStatus(second);
      assertThatThrownBy(() -> api.client().resource(stale).updateStatus())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
      assertThat(
              api.client()
                  .resources(Deployment.class)
                  .inNamespace("ns")
                  .withName("d")
                  .get()
                  .getStatus()
                  .getPhase())
          .isEqualTo(DeploymentPhase.Queued);
    }
  }
}
