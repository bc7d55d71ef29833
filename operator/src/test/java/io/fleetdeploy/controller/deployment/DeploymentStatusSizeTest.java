package io.fleetdeploy.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.Diagnostics;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.api.v1alpha1.S3Location;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A Deployment of 5,000 instances, with its status built by the status code itself, serialises
 * under 512 KiB: the size rule of the API (etcd's limit is 1.5 MiB, and the object is written
 * whole on every status patch).
 */
class DeploymentStatusSizeTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final int LIMIT = 512 * 1024;

  @Test
  void fiveThousandSucceededInstancesFit() {
    assertThat(serialisedSize(5_000, 0)).isLessThan(LIMIT);
  }

  @Test
  void fiveThousandInstancesWithManyFailuresAndLogTailsFit() {
    int size = serialisedSize(5_000, 400);
    assertThat(size).isLessThan(LIMIT);
  }

  @Test
  void failuresBeyondTheDetailLimitAreCountedNotDetailed() {
    Deployment d = rolledOut(200, 80);
    assertThat(d.getStatus().getOmittedInstanceDetails()).isEqualTo(80 - InstanceDetailCompactor.DETAILED_FAILURES);
    long detailed = d.getStatus().getInstances().stream().filter(i -> i.getEvents() != null).count();
    assertThat(detailed).isEqualTo(InstanceDetailCompactor.DETAILED_FAILURES);
    // Every failed instance still says why, in one line.
    assertThat(d.getStatus().getInstances()).filteredOn(i -> i.getStatus() == ExecutionStatus.Failed)
        .allSatisfy(i -> assertThat(i.getMessage()).contains("ScriptFailed"));
  }

  @Test
  void smallFleetsKeepPerInstanceTimes() {
    Deployment d = rolledOut(10, 0);
    assertThat(d.getStatus().getInstances()).allSatisfy(i -> assertThat(i.getEndTime()).isNotNull());
  }

  private static int serialisedSize(int instances, int failures) {
    Deployment d = rolledOut(instances, failures);
    return Serialization.asJson(d).getBytes(StandardCharsets.UTF_8).length;
  }

  /** A deployment whose instances all ran in 10 batches; the first {@code failures} failed. */
  private static Deployment rolledOut(int instances, int failures) {
    Deployment deployment = new Deployment();
    deployment.setMetadata(new ObjectMetaBuilder().withName("web-prod-1-4-2").withNamespace("shop")
        .withUid("0b0a9d36-8e0c-4d2e-9b1e-7f2f3f1f0c11").withGeneration(1L).build());
    DeploymentSpec spec = new DeploymentSpec();
    ObjectReference ref = new ObjectReference();
    ref.setName("web-prod");
    spec.setDeploymentGroupRef(ref);
    Revision revision = new Revision();
    S3Location s3 = new S3Location();
    s3.setBucket("my-bundles");
    s3.setKey("web/web-1.4.2.tgz");
    revision.setS3(s3);
    spec.setRevision(revision);
    deployment.setSpec(spec);

    DeploymentProgress progress = DeploymentProgress.of(deployment);
    List<String> ids = IntStream.range(0, instances).mapToObj(i -> String.format("i-0%016x", 0xabc000000L + i)).toList();
    PinnedRevision pinned = new PinnedRevision();
    pinned.setS3(s3);
    pinned.setSha256("3f2a1c9d".repeat(8));
    pinned.setSummary("my-bundles/web/web-1.4.2.tgz@3f2a1c9d");
    progress.start(pinned, "HalfAtATime", instances / 2, ids, 0, T0);
    int perBatch = Math.max(1, instances / 10);
    int batch = 0;
    for (int from = 0; from < instances; from += perBatch) {
      batch++;
      List<String> ids1 = ids.subList(from, Math.min(instances, from + perBatch));
      progress.startBatch(batch, ids1, T0.plusSeconds(batch * 60L));
      progress.recordCommands(batch, commandIds(ids1.size()));
      for (String id : ids1) {
        boolean fail = ids.indexOf(id) < failures;
        progress.finishInstance(id, fail ? failed() : succeeded(), T0.plusSeconds(batch * 60L + 30));
      }
    }
    progress.finish(failures > 0 ? DeploymentPhase.Failed : DeploymentPhase.Succeeded, T0.plusSeconds(3600));
    new DeploymentStatusWriter(null, null, null, Clock.fixed(T0, ZoneOffset.UTC))
        .build(deployment, progress, Optional.empty(), Optional.empty());
    deployment.setStatus(progress.status());
    return deployment;
  }

  private static List<String> commandIds(int instances) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i * 50 < instances; i++) {
      out.add("7e5e2d3c-1b2a-4c5d-8e9f-0a1b2c3d4e" + String.format("%02d", i % 100));
    }
    return out;
  }

  private static InstanceStatus succeeded() {
    InstanceStatus s = new InstanceStatus();
    s.setStatus(ExecutionStatus.Succeeded);
    s.setLastEvent("ValidateService");
    List<LifecycleEventStatus> events = new ArrayList<>();
    for (String name : List.of("ApplicationStop", "DownloadBundle", "BeforeInstall", "Install", "AfterInstall",
        "ApplicationStart", "ValidateService")) {
      LifecycleEventStatus e = new LifecycleEventStatus();
      e.setName(name);
      e.setStatus(ExecutionStatus.Succeeded);
      e.setStartTime(T0.toString());
      e.setDurationMs(1200L);
      events.add(e);
    }
    s.setEvents(events);
    return s;
  }

  private static InstanceStatus failed() {
    InstanceStatus s = succeeded();
    s.setStatus(ExecutionStatus.Failed);
    LifecycleEventStatus last = s.getEvents().get(s.getEvents().size() - 1);
    last.setStatus(ExecutionStatus.Failed);
    Diagnostics d = new Diagnostics();
    d.setErrorCode("ScriptFailed");
    d.setScriptName("scripts/validate.sh");
    d.setMessage("exit 3");
    d.setLogTail("x".repeat(2048));
    last.setDiagnostics(d);
    s.setMessage("ValidateService failed: ScriptFailed in scripts/validate.sh: exit 3");
    return s;
  }
}
