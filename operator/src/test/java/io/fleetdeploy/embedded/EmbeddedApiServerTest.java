package io.fleetdeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.testing.Resources;
import java.nio.charset.StandardCharsets;
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

  private static final PatchContext JSON_PATCH = PatchContext.of(PatchType.JSON);

  private static Deployment withStatus(EmbeddedApiServer api, DeploymentPhase phase) {
    Deployment created =
        api.client().resource(Resources.deployment("ns", "d", "g", "bucket-1", "k")).create();
    DeploymentStatus status = new DeploymentStatus();
    status.setPhase(phase);
    created.setStatus(status);
    return api.client().resource(created).updateStatus();
  }

  @Test
  void aStatusJsonPatchAtTheResourceVersionReadIsAppliedAndAtAStaleOneIsAConflict() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      Deployment read = withStatus(api, DeploymentPhase.Queued);
      String version = read.getMetadata().getResourceVersion();
      String patch =
          "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
              + version
              + "\"},{\"op\":\"add\",\"path\":\"/status/phase\",\"value\":\"InProgress\"}]";
      api.writes().reset();

      Deployment patched =
          api.client().resource(read).subresource("status").patch(JSON_PATCH, patch);

      assertThat(patched.getStatus().getPhase()).isEqualTo(DeploymentPhase.InProgress);
      assertThat(patched.getMetadata().getResourceVersion()).isNotEqualTo(version);
      // The bytes counted for the write are the patch's, not the object's.
      assertThat(api.writes().byResource().get("deployments/status"))
          .isEqualTo(new ApiWrites.Count(1, patch.getBytes(StandardCharsets.UTF_8).length));

      // The same patch again names the version read before the write: stale.
      String stalePatch = patch.replace("InProgress", "Failed");
      assertThatThrownBy(
              () -> api.client().resource(read).subresource("status").patch(JSON_PATCH, stalePatch))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
      Deployment stored =
          api.client().resources(Deployment.class).inNamespace("ns").withName("d").get();
      assertThat(stored.getStatus().getPhase()).isEqualTo(DeploymentPhase.InProgress);
      assertThat(stored.getMetadata().getResourceVersion())
          .isEqualTo(patched.getMetadata().getResourceVersion());
    }
  }

  @Test
  void aStatusJsonPatchLeavesTheSpecAlone() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      Deployment read = withStatus(api, DeploymentPhase.Queued);
      String patch =
          "[{\"op\":\"add\",\"path\":\"/spec/description\",\"value\":\"changed\"},"
              + "{\"op\":\"add\",\"path\":\"/status/phase\",\"value\":\"InProgress\"}]";

      api.client().resource(read).subresource("status").patch(JSON_PATCH, patch);

      Deployment stored =
          api.client().resources(Deployment.class).inNamespace("ns").withName("d").get();
      assertThat(stored.getStatus().getPhase()).isEqualTo(DeploymentPhase.InProgress);
      assertThat(StatusUpdater.sameJson(stored.getSpec(), read.getSpec())).isTrue();
    }
  }

  @Test
  void aJsonPatchThatDoesNotApplyIsUnprocessableAndChangesNothing() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      Deployment read = withStatus(api, DeploymentPhase.Queued);
      String patch =
          "[{\"op\":\"add\",\"path\":\"/status/phase\",\"value\":\"InProgress\"},"
              + "{\"op\":\"remove\",\"path\":\"/status/batches/3\"}]";

      assertThatThrownBy(
              () -> api.client().resource(read).subresource("status").patch(JSON_PATCH, patch))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
      Deployment stored =
          api.client().resources(Deployment.class).inNamespace("ns").withName("d").get();
      assertThat(stored.getStatus().getPhase()).isEqualTo(DeploymentPhase.Queued);
      assertThat(stored.getMetadata().getResourceVersion())
          .isEqualTo(read.getMetadata().getResourceVersion());
    }
  }
}
