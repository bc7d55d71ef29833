package io.fleetdeploy.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.Overview;
import io.fleetdeploy.embedded.ApiWrites;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Status writes against the embedded API server (optimistic concurrency and JSON Patch as a real
 * one has them): a change is sent as a small patch, stores what a replace would have stored, and a
 * write from a stale read is a conflict.
 */
class StatusUpdaterTest {
  private static final int INSTANCES = 5_000;

  /** A status of a OneAtATime deployment at 5,000 instances, {@code done} batches in. */
  private static DeploymentStatus oneAtATime(int done) {
    DeploymentStatus status = new DeploymentStatus();
    status.setPhase(DeploymentPhase.InProgress);
    status.setInstanceCount(INSTANCES);
    status.setBatchesStarted(done + 1);
    List<InstanceStatus> instances = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      InstanceStatus instance = new InstanceStatus();
      instance.setId(String.format("i-%017x", 0x1000L + i));
      instance.setStatus(
          i < done
              ? ExecutionStatus.Succeeded
              : i == done ? ExecutionStatus.InProgress : ExecutionStatus.Pending);
      instance.setBatch(i <= done ? i + 1 : null);
      instances.add(instance);
    }
    status.setInstances(instances);
    List<BatchStatus> batches = new ArrayList<>();
    // The recent-batches window: the last 20.
    for (int b = Math.max(1, done - 18); b <= done + 1; b++) {
      BatchStatus batch = new BatchStatus();
      batch.setNumber(b);
      batch.setSize(1);
      batch.setStartTime("2026-12-05T10:00:00Z");
      if (b <= done) {
        batch.setEndTime("2026-12-05T10:00:01Z");
      }
      batch.setCommands(List.of("cmd-" + b + "-0123456789abcdef"));
      batches.add(batch);
    }
    status.setBatches(batches);
    Overview overview = new Overview();
    overview.setSucceeded(done);
    overview.setInProgress(1);
    overview.setPending(INSTANCES - done - 1);
    status.setOverview(overview);
    status.setProgress(done + "/" + INSTANCES);
    return status;
  }

  private static Deployment stored(EmbeddedApiServer api, String name) {
    return api.client().resources(Deployment.class).inNamespace("ns").withName(name).get();
  }

  private static long statusBytes(EmbeddedApiServer api) {
    return api.writes()
        .byResource()
        .getOrDefault("deployments/status", new ApiWrites.Count(0, 0))
        .bytes();
  }

  @Test
  void
      theNextBatchOfAFiveThousandInstanceDeploymentIsAPatchUnderTwoKibThatStoresWhatAReplaceWould() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      StatusUpdater updater = new StatusUpdater(api.client());
      Deployment patched =
          api.client()
              .resource(Resources.deployment("ns", "patched", "g", "bucket-1", "k"))
              .create();
      Deployment replaced =
          api.client()
              .resource(Resources.deployment("ns", "replaced", "g", "bucket-1", "k"))
              .create();
      assertThat(updater.update(patched, oneAtATime(99))).isEqualTo(StatusUpdater.Outcome.WRITTEN);
      replaced.setStatus(oneAtATime(99));
      api.client().resource(replaced).updateStatus();
      Deployment read = stored(api, "patched");
      api.writes().reset();

      // Batch 100 ends, batch 101 starts: two instances, a batch, the counts.
      assertThat(updater.update(read, oneAtATime(100))).isEqualTo(StatusUpdater.Outcome.WRITTEN);

      long patchBytes = statusBytes(api);
      Deployment reread = stored(api, "replaced");
      reread.setStatus(oneAtATime(100));
      api.client().resource(reread).updateStatus();
      long replaceBytes = statusBytes(api) - patchBytes;
      assertThat(patchBytes).as("bytes of the patch").isPositive().isLessThan(2048);
      assertThat(replaceBytes).as("bytes of a replace").isGreaterThan(200_000);
      JsonNode afterPatch =
          Serialization.jsonMapper().valueToTree(stored(api, "patched").getStatus());
      JsonNode afterReplace =
          Serialization.jsonMapper().valueToTree(stored(api, "replaced").getStatus());
      JsonNode intended = Serialization.jsonMapper().valueToTree(oneAtATime(100));
      assertThat(afterPatch).isEqualTo(afterReplace).isEqualTo(intended);
    }
  }

  @Test
  void aWriteFromAStaleReadIsAConflictAndChangesNothing() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      StatusUpdater updater = new StatusUpdater(api.client());
      Deployment created =
          api.client().resource(Resources.deployment("ns", "d", "g", "bucket-1", "k")).create();
      assertThat(updater.update(created, oneAtATime(10))).isEqualTo(StatusUpdater.Outcome.WRITTEN);
      Deployment stale = stored(api, "d");
      assertThat(updater.update(stale, oneAtATime(11))).isEqualTo(StatusUpdater.Outcome.WRITTEN);
      Deployment fresh = stored(api, "d");

      // A reconcile on the copy from before the last write decides batch 12 from batch 10.
      DeploymentStatus fromStale = oneAtATime(10);
      fromStale.getInstances().get(10).setStatus(ExecutionStatus.Failed);
      assertThat(updater.update(stale, fromStale)).isEqualTo(StatusUpdater.Outcome.CONFLICT);

      Deployment after = stored(api, "d");
      assertThat(after.getMetadata().getResourceVersion())
          .isEqualTo(fresh.getMetadata().getResourceVersion());
      assertThat(StatusUpdater.sameJson(after.getStatus(), oneAtATime(11))).isTrue();
      // Read your own writes: the copy written is the one reconciles get while the cache lags.
      assertThat(updater.latest(stale).getMetadata().getResourceVersion())
          .isEqualTo(fresh.getMetadata().getResourceVersion());
    }
  }

  @Test
  void aStatusThatDidNotChangeIsNotWritten() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      StatusUpdater updater = new StatusUpdater(api.client());
      Deployment created =
          api.client().resource(Resources.deployment("ns", "d", "g", "bucket-1", "k")).create();
      updater.update(created, oneAtATime(3));
      api.writes().reset();

      assertThat(updater.update(stored(api, "d"), oneAtATime(3)))
          .isEqualTo(StatusUpdater.Outcome.UNCHANGED);
      assertThat(api.writes().byResource()).isEmpty();
    }
  }

  @Test
  void aPatchTheServerCannotApplyFallsBackToAReplace() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      StatusUpdater updater = new StatusUpdater(api.client());
      Deployment created =
          api.client().resource(Resources.deployment("ns", "d", "g", "bucket-1", "k")).create();
      updater.update(created, oneAtATime(3));
      Deployment read = stored(api, "d");
      // This copy believes in a batch the server does not have (say, a field the server pruned):
      // removing it is a patch that does not apply.
      BatchStatus ghost = new BatchStatus();
      ghost.setNumber(99);
      read.getStatus().getBatches().add(ghost);

      assertThat(updater.update(read, oneAtATime(4))).isEqualTo(StatusUpdater.Outcome.WRITTEN);

      assertThat(StatusUpdater.sameJson(stored(api, "d").getStatus(), oneAtATime(4))).isTrue();
    }
  }
}
