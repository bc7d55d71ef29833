package io.fleetdeploy.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.FailureSummary;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.api.v1alpha1.S3Location;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.HostExecutor.InvocationState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A Deployment of 5,000 instances stays under 512 KiB whatever happens to them (etcd's limit is 1.5
 * MiB, and a status that outgrows it can never be written again): its status is built by the status
 * code itself, from host results made the way the controller makes them (the runner's result line,
 * an undelivered command, a runner that died), in every failure scenario that once went over: all
 * AGENT_ISSUE, all ValidateService failed with full log tails, half the fleet's runners crashing.
 */
class DeploymentStatusSizeTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  private static final int LIMIT = 512 * 1024;
  private static final int FLEET = 5_000;

  @Test
  void fiveThousandSucceededInstancesFit() {
    assertThat(size(rolledOut(FLEET, 10, FLEET, i -> succeeded()))).isLessThan(LIMIT);
  }

  /**
   * 50,000 instances with real-looking (random) EC2 ids, HalfAtATime, 100 of them failing with full
   * log tails: the object stays under 1 MiB, and every instance reads back with its status.
   */
  @Test
  void fiftyThousandInstancesFitInOneMebibyteAndReadBackWhole() {
    int fleet = 50_000;
    java.util.Random random = new java.util.Random(7);
    List<String> ids =
        IntStream.range(0, fleet)
            .mapToObj(i -> String.format("i-0%016x", random.nextLong() >>> 4))
            .toList();
    Deployment deployment = started(ids);
    DeploymentProgress progress = DeploymentProgress.of(deployment);
    for (int batch = 1; batch <= 2; batch++) {
      List<String> wave = ids.subList((batch - 1) * fleet / 2, batch * fleet / 2);
      progress.startBatch(batch, wave, T0.plusSeconds(batch * 60L));
      progress.recordCommands(batch, commandIds(wave.size()));
      for (int i = 0; i < wave.size(); i++) {
        int index = (batch - 1) * fleet / 2 + i;
        progress.finishInstance(
            wave.get(i),
            index % 500 == 0 ? validateServiceFailed(index) : succeeded(),
            T0.plusSeconds(batch * 60L + 30));
      }
    }
    progress.finish(DeploymentPhase.Succeeded, T0.plusSeconds(3600));
    new DeploymentStatusWriter(null, null, null, Clock.fixed(T0, ZoneOffset.UTC))
        .build(deployment, progress, Optional.empty(), Optional.empty());
    deployment.setStatus(progress.status());

    assertThat(size(deployment)).isLessThan(1024 * 1024);
    assertThat(deployment.getStatus().getInstances())
        .as("only detailed entries are kept one by one")
        .hasSizeLessThanOrEqualTo(InstanceDetailCompactor.DETAILED_FAILURES);
    List<InstanceStatus> all = io.fleetdeploy.controller.InstanceResults.of(deployment);
    assertThat(all).extracting(InstanceStatus::getId).containsExactlyElementsOf(ids);
    assertThat(all).filteredOn(i -> i.getStatus() == ExecutionStatus.Failed).hasSize(100);
    assertThat(all)
        .filteredOn(i -> i.getStatus() == ExecutionStatus.Succeeded)
        .hasSize(fleet - 100)
        .allSatisfy(i -> assertThat(i.getBatch()).isIn(1, 2));
    assertThat(all)
        .filteredOn(i -> i.getStatus() == ExecutionStatus.Failed && i.getEvents() != null)
        .isNotEmpty()
        .allSatisfy(i -> assertThat(i.getErrorCode()).isEqualTo("ScriptFailed"));
    // A reconcile reads it back exactly: the same overview from the stored object.
    DeploymentProgress again =
        DeploymentProgress.of(
            Serialization.unmarshal(Serialization.asJson(deployment), Deployment.class));
    assertThat(again.instances()).hasSize(fleet);
    assertThat(again.failedCount()).isEqualTo(100);
  }

  private static Deployment started(List<String> ids) {
    Deployment deployment = new Deployment();
    deployment.setMetadata(
        new ObjectMetaBuilder()
            .withName("web-prod-1-4-2")
            .withNamespace("shop")
            .withUid("0b0a9d36-8e0c-4d2e-9b1e-7f2f3f1f0c11")
            .withGeneration(1L)
            .build());
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
    PinnedRevision pinned = new PinnedRevision();
    pinned.setS3(s3);
    pinned.setSha256("3f2a1c9d".repeat(8));
    progress.start(pinned, "HalfAtATime", ids.size() / 2, ids, 0, java.util.Set.of(), T0);
    deployment.setStatus(progress.flush());
    return deployment;
  }

  @Test
  void fiveThousandAgentIssuesFit() {
    Deployment d =
        rolledOut(
            FLEET,
            1,
            FLEET,
            i ->
                HostResults.outcome(
                    new Invocation(
                        "c", id(i), InvocationState.UNDELIVERED, "", "", "Delivery Timed Out", T0),
                    Duration.ofMinutes(5)));
    assertThat(size(d)).isLessThan(LIMIT);
    assertThat(d.getStatus().getFailureSummary())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getErrorCode()).isEqualTo("AGENT_ISSUE");
              assertThat(s.getInstances()).isEqualTo(FLEET);
              assertThat(s.getMessage()).contains("SSM agent");
            });
  }

  @Test
  void fiveThousandValidateServiceFailuresWithLogTailsFit() {
    Deployment d = rolledOut(FLEET, 1, FLEET, i -> validateServiceFailed(i));
    assertThat(size(d)).isLessThan(LIMIT);
    assertThat(d.getStatus().getFailureSummary())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getErrorCode()).isEqualTo("ScriptFailed");
              assertThat(s.getLifecycleEvent()).isEqualTo("ValidateService");
              assertThat(s.getInstances()).isEqualTo(FLEET);
            });
    long detailed =
        d.getStatus().getInstances().stream().filter(i -> i.getEvents() != null).count();
    assertThat(detailed).isEqualTo(InstanceDetailCompactor.DETAILED_PER_CODE);
    assertThat(d.getStatus().getOmittedInstanceDetails())
        .isEqualTo(FLEET - InstanceDetailCompactor.DETAILED_PER_CODE);
  }

  @Test
  void halfAtATimeWithHalfTheRunnersCrashingFits() {
    // The first half (one batch) crashes without a result line; the deployment fails and skips the
    // rest.
    Deployment d =
        rolledOut(
            FLEET,
            2,
            FLEET / 2,
            i ->
                HostResults.outcome(
                    new Invocation(
                        "c",
                        id(i),
                        InvocationState.FAILED,
                        "fleetdeploy-runner: starting\n"
                            + "Traceback (most recent call last):\n"
                            + "  File \"runner.py\", line 1\n".repeat(20)
                            + "MemoryError\n",
                        "python3: out of memory\n".repeat(30),
                        "Failed",
                        T0),
                    Duration.ofMinutes(5)));
    assertThat(size(d)).isLessThan(LIMIT);
    assertThat(d.getStatus().getOverview().getSkipped()).isEqualTo(FLEET / 2);
    assertThat(d.getStatus().getFailureSummary())
        .extracting(FailureSummary::getErrorCode)
        .containsExactly("UnknownError");
  }

  @Test
  void everyFailedInstanceKeepsItsErrorCodeAndTheFirstOfEachCodeItsStory() {
    Deployment d =
        rolledOut(200, 10, 200, i -> i % 2 == 0 ? validateServiceFailed(i) : succeeded());
    assertThat(d.getStatus().getInstances())
        .filteredOn(i -> i.getStatus() == ExecutionStatus.Failed)
        .allSatisfy(i -> assertThat(i.getErrorCode()).isEqualTo("ScriptFailed"));
    InstanceStatus first =
        d.getStatus().getInstances().stream()
            .filter(i -> i.getStatus() == ExecutionStatus.Failed)
            .findFirst()
            .orElseThrow();
    assertThat(first.getEvents())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getDiagnostics().getLogTail())
                    .endsWith("validation failed on " + id(0)));
  }

  @Test
  void smallFleetsKeepPerInstanceTimes() {
    Deployment d = rolledOut(10, 2, 10, i -> succeeded());
    assertThat(d.getStatus().getInstances())
        .allSatisfy(i -> assertThat(i.getEndTime()).isNotNull());
  }

  @Test
  void aLongRolloutKeepsOnlyTheRecentBatches() {
    Deployment d = rolledOut(500, 500, 500, i -> succeeded());
    assertThat(d.getStatus().getBatches()).hasSize(DeploymentProgress.RECENT_BATCHES);
    assertThat(d.getStatus().getBatchesStarted()).isEqualTo(500);
    assertThat(d.getStatus().getBatches().get(0).getNumber()).isEqualTo(481);
  }

  private static int size(Deployment d) {
    return Serialization.asJson(d).getBytes(StandardCharsets.UTF_8).length;
  }

  private static String id(int i) {
    return String.format("i-0%016x", 0xabc000000L + i);
  }

  /**
   * A deployment of {@code instances} in {@code batches} equal batches, of which the first {@code
   * attempted} instances ran and got {@code result}; the others were skipped.
   */
  private static Deployment rolledOut(
      int instances, int batches, int attempted, IntFunction<InstanceStatus> result) {
    Deployment deployment = new Deployment();
    deployment.setMetadata(
        new ObjectMetaBuilder()
            .withName("web-prod-1-4-2")
            .withNamespace("shop")
            .withUid("0b0a9d36-8e0c-4d2e-9b1e-7f2f3f1f0c11")
            .withGeneration(1L)
            .build());
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
    List<String> ids =
        IntStream.range(0, instances).mapToObj(DeploymentStatusSizeTest::id).toList();
    PinnedRevision pinned = new PinnedRevision();
    pinned.setS3(s3);
    pinned.setSha256("3f2a1c9d".repeat(8));
    pinned.setSummary("my-bundles/web/web-1.4.2.tgz@3f2a1c9d");
    progress.start(pinned, "HalfAtATime", instances / 2, ids, 0, java.util.Set.of(), T0);
    int perBatch = Math.max(1, instances / batches);
    int batch = 0;
    for (int from = 0; from < attempted; from += perBatch) {
      batch++;
      List<String> ids1 = ids.subList(from, Math.min(attempted, from + perBatch));
      progress.startBatch(batch, ids1, T0.plusSeconds(batch * 60L));
      progress.recordCommands(batch, commandIds(ids1.size()));
      for (String id : ids1) {
        progress.finishInstance(
            id, result.apply(ids.indexOf(id)), T0.plusSeconds(batch * 60L + 30));
      }
    }
    progress.skip(
        ids.subList(attempted, instances),
        "not deployed: the deployment failed before reaching this instance");
    boolean anyFailed =
        progress.instances().stream().anyMatch(i -> i.getStatus() == ExecutionStatus.Failed);
    progress.finish(
        anyFailed ? DeploymentPhase.Failed : DeploymentPhase.Succeeded, T0.plusSeconds(3600));
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
    return HostResults.fromResult(
        io.fleetdeploy.hostplan.HostRunResultParser.parse(resultLine(-1, "Succeeded"))
                instanceof io.fleetdeploy.hostplan.HostRunOutcome.Reported r
            ? r.result()
            : null);
  }

  private static InstanceStatus validateServiceFailed(int i) {
    return HostResults.outcome(
        new Invocation(
            "c", id(i), InvocationState.FAILED, resultLine(i, "Failed"), "", "Failed", T0),
        Duration.ofMinutes(5));
  }

  /**
   * The result line a runner prints: every event succeeded, or ValidateService failed with a 4 KiB
   * tail.
   */
  private static String resultLine(int instance, String status) {
    StringBuilder events = new StringBuilder();
    List<String> names =
        List.of(
            "ApplicationStop",
            "DownloadBundle",
            "BeforeInstall",
            "Install",
            "AfterInstall",
            "ApplicationStart",
            "ValidateService");
    for (String name : names) {
      boolean failing = status.equals("Failed") && name.equals("ValidateService");
      events
          .append(events.length() == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(name)
          .append("\",\"status\":\"")
          .append(failing ? "Failed" : "Succeeded")
          .append("\",\"start\":1764151200000,\"end\":1764151201200");
      if (failing) {
        String tail = "y".repeat(4096 - 40) + " validation failed on " + id(instance);
        events
            .append(
                ",\"errorCode\":\"ScriptFailed\",\"scriptName\":\"scripts/validate.sh\",\"message\":\"")
            .append("script exited with 3: ")
            .append("z".repeat(1500))
            .append("\",\"logTail\":\"")
            .append(tail)
            .append("\"");
      }
      events.append("}");
    }
    return "FLEETDEPLOY-RESULT {\"deploymentId\":\"d-1\",\"status\":\""
        + status
        + "\",\"events\":["
        + events
        + "]}\n";
  }
}
