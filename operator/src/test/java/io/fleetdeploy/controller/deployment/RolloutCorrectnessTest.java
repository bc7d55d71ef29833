package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.fleet.HostBehaviour;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The Deployment controller under races, churn and odd instances, on the in-memory fleet with
 * production clocks: every instance that was sent to has its result recorded and is never Skipped;
 * what never ran is never counted as run; instances that stop, leave, register late or never pick a
 * command up get what CodeDeploy gives them, or better.
 */
class RolloutCorrectnessTest {
  private static EmbeddedApiServer api;

  @BeforeAll
  static void startApi() {
    api = EmbeddedApiServer.start(0);
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  private static ControllerHarness harness(TestInfo test) {
    return ControllerHarness.forTest(api, "", test);
  }

  private static DeploymentGroup group(ControllerHarness h, PredefinedDeploymentConfig config) {
    return h.create(
        Resources.group(h.namespace(), "web", "app", "web", Resources.predefined(config)));
  }

  private static Deployment deploy(ControllerHarness h, String name, String version) {
    return h.create(
        Resources.deployment(
            h.namespace(), name, "web", BUCKET, h.uploadBundle("fleet-app", version)));
  }

  private static String deploymentId(Deployment d) {
    return "d-" + d.getMetadata().getUid();
  }

  private static void stop(ControllerHarness h, String name, Map<String, String> annotations) {
    h.client()
        .resources(Deployment.class)
        .inNamespace(h.namespace())
        .withName(name)
        .edit(
            d -> {
              d.getSpec().setStop(true);
              if (!annotations.isEmpty()) {
                Map<String, String> all =
                    d.getMetadata().getAnnotations() == null
                        ? new HashMap<>()
                        : new HashMap<>(d.getMetadata().getAnnotations());
                all.putAll(annotations);
                d.getMetadata().setAnnotations(all);
              }
              return d;
            });
  }

  /**
   * Every instance a host ran is recorded with its result, never Skipped; every Skipped one never
   * ran.
   */
  private static void assertNoResultLost(ControllerHarness h, Deployment d) {
    for (InstanceStatus i : d.getStatus().getInstances()) {
      int runs = h.aws().runs(deploymentId(d), i.getId());
      int sends = h.aws().sends(deploymentId(d), i.getId());
      assertThat(runs)
          .as("runs of %s on %s", d.getMetadata().getName(), i.getId())
          .isLessThanOrEqualTo(1);
      assertThat(sends)
          .as("sends of %s to %s", d.getMetadata().getName(), i.getId())
          .isLessThanOrEqualTo(1);
      assertThat(i.getStatus())
          .as("status of %s\n%s", i.getId(), h.log())
          .isNotIn(ExecutionStatus.Pending, ExecutionStatus.InProgress);
      if (i.getStatus() == ExecutionStatus.Skipped) {
        assertThat(runs).as("%s is Skipped but its host ran the deployment", i.getId()).isZero();
      }
      if (runs == 1) {
        assertThat(i.getStatus())
            .as("%s ran", i.getId())
            .isIn(ExecutionStatus.Succeeded, ExecutionStatus.Failed);
      }
    }
  }

  @Test
  void aStopArrivingWhileABatchIsSentLosesNoResult(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(4, Map.of("app", "web"));
      group(h, PredefinedDeploymentConfig.HalfAtATime);
      deploy(h, "web-r1", "r1");
      // The stop lands between the operator's read of the Deployment and its status write.
      h.aws().beforeNext("ssm:SendCommand", () -> stop(h, "web-r1", Map.of()));

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).as(h.log()).isEqualTo(DeploymentPhase.Stopped);
      assertNoResultLost(h, done);
      assertThat(done.getStatus().getInstances())
          .filteredOn(i -> i.getBatch() != null && i.getBatch() == 1)
          .hasSize(2)
          .allSatisfy(i -> assertThat(i.getStatus()).isEqualTo(ExecutionStatus.Succeeded));
      assertThat(h.aws().calls("ssm:SendCommand")).isEqualTo(1);
      assertThat(done.getStatus().getInstances())
          .filteredOn(i -> i.getStatus() == ExecutionStatus.Skipped)
          .hasSize(2);
    }
  }

  @Test
  void aStopBeforeTheBatchIsWrittenSendsNothing(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(4, Map.of("app", "web"));
      group(h, PredefinedDeploymentConfig.HalfAtATime);
      deploy(h, "web-r1", "r1");
      // The stop lands after the operator read the Deployment, before it wrote the batch it
      // decided.
      h.aws().beforeNext("ec2:DescribeInstances", () -> stop(h, "web-r1", Map.of()));

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      assertThat(h.aws().calls("ssm:SendCommand"))
          .as("nothing sent for a batch whose write failed")
          .isZero();
    }
  }

  @Test
  void aSupersedeArrivingWhileABatchIsSentLosesNoResult(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(4, Map.of("app", "web"));
      group(h, PredefinedDeploymentConfig.HalfAtATime);
      Deployment v1 = deploy(h, "web-r1", "r1");
      Deployment v2 = deploy(h, "web-r2", "r2");
      h.aws()
          .beforeNext(
              "ssm:SendCommand",
              () -> stop(h, "web-r1", Map.of("fleetdeploy.io/superseded-by", "web-r2")));

      Deployment first = h.awaitFinished("web-r1", Duration.ofMinutes(10));
      Deployment second = h.awaitFinished("web-r2", Duration.ofMinutes(10));

      assertThat(first.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      assertThat(first.getStatus().getRollbackInfo().getMessage()).contains("superseded by web-r2");
      assertNoResultLost(h, first);
      assertThat(second.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      assertNoResultLost(h, second);
      assertThat(v1.getMetadata().getUid()).isNotEqualTo(v2.getMetadata().getUid());
    }
  }

  @Test
  void aGroupDeletedMidRolloutWaitsForWhatRunsAndRecordsEveryResult(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(4, Map.of("app", "web"));
      h.aws().defaultBehaviour(HostBehaviour.succeedAfter(Duration.ofSeconds(20)));
      group(h, PredefinedDeploymentConfig.HalfAtATime);
      deploy(h, "web-r1", "r1");
      h.awaitDeployment("web-r1", ControllerHarness.batchesStarted(1), Duration.ofMinutes(1));
      h.runFor(Duration.ofSeconds(2));
      h.client()
          .resources(DeploymentGroup.class)
          .inNamespace(h.namespace())
          .withName("web")
          .delete();

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed);
      assertThat(done.getStatus().getErrorInformation().getCode())
          .isEqualTo(ErrorCode.INVALID_DEPLOYMENT_GROUP);
      assertNoResultLost(h, done);
      assertThat(done.getStatus().getInstances())
          .extracting(InstanceStatus::getStatus)
          .containsExactly(
              ExecutionStatus.Succeeded,
              ExecutionStatus.Succeeded,
              ExecutionStatus.Skipped,
              ExecutionStatus.Skipped);
    }
  }

  @Test
  void aGroupBrieflyMissingDoesNotEndTheRollout(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(4, Map.of("app", "web"));
      h.aws().defaultBehaviour(HostBehaviour.succeedAfter(Duration.ofSeconds(20)));
      DeploymentGroup group = group(h, PredefinedDeploymentConfig.HalfAtATime);
      deploy(h, "web-r1", "r1");
      h.awaitDeployment("web-r1", ControllerHarness.batchesStarted(1), Duration.ofMinutes(1));
      h.client()
          .resources(DeploymentGroup.class)
          .inNamespace(h.namespace())
          .withName("web")
          .delete();
      h.runFor(Duration.ofSeconds(3));
      group.getMetadata().setResourceVersion(null);
      group.getMetadata().setUid(null);
      group.setStatus(null);
      h.create(group);

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).as(h.log()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(done.getStatus().getErrorInformation()).isNull();
      assertNoResultLost(h, done);
    }
  }

  @Test
  void stoppedInstancesCountAsFailedAsInCodeDeploy(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(4, Map.of("app", "web"));
      group(h, PredefinedDeploymentConfig.OneAtATime);
      h.aws().stop(ids.get(3));

      Deployment first =
          h.awaitFinished(
              deploy(h, "web-r1", "r1").getMetadata().getName(), Duration.ofMinutes(10));

      InstanceStatus stopped =
          first.getStatus().getInstances().stream()
              .filter(i -> i.getId().equals(ids.get(3)))
              .findFirst()
              .orElseThrow();
      assertThat(stopped.getStatus()).isEqualTo(ExecutionStatus.Failed);
      assertThat(stopped.getErrorCode()).isEqualTo("InstanceStopped");
      assertThat(stopped.getMessage()).contains("stopped");
      assertThat(h.aws().sends(deploymentId(first), ids.get(3))).isZero();
      // Minimum 3 of 4: the three running ones succeeded.
      assertThat(first.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(first.getStatus().getFailureSummary())
          .anySatisfy(s -> assertThat(s.getErrorCode()).isEqualTo("InstanceStopped"));

      // Now healthy, the three running instances are the minimum: none may be taken out.
      Deployment second =
          h.awaitFinished(
              deploy(h, "web-r2", "r2").getMetadata().getName(), Duration.ofMinutes(10));
      assertThat(second.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed);
      assertThat(second.getStatus().getErrorInformation().getCode())
          .isEqualTo(ErrorCode.HEALTH_CONSTRAINTS);
      assertThat(h.aws().calls("ssm:SendCommand"))
          .as("no host was touched by the second")
          .isEqualTo(3);
    }
  }

  @Test
  void neverDeployedInstancesAreUnhealthyAndOneAtATimeRunsOneAtATime(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(4, Map.of("app", "web"));
      group(h, PredefinedDeploymentConfig.OneAtATime);

      Deployment done =
          h.awaitFinished(
              deploy(h, "web-r1", "r1").getMetadata().getName(), Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(done.getStatus().getUnhealthyAtStart()).isEqualTo(4);
      assertThat(done.getStatus().getBatchesStarted()).isEqualTo(4);
      assertThat(done.getStatus().getBatches())
          .allSatisfy(b -> assertThat(b.getSize()).isEqualTo(1));
      assertThat(h.aws().calls("ssm:SendCommand")).isEqualTo(4);
    }
  }

  @Test
  void aPendingInstanceThatLeavesTheFleetIsNotAFailure(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(3, Map.of("app", "web"));
      group(h, PredefinedDeploymentConfig.OneAtATime);
      deploy(h, "web-r1", "r1");
      h.awaitDeployment("web-r1", ControllerHarness.batchesStarted(1), Duration.ofMinutes(1));
      h.aws().terminate(ids.get(2));

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(10));

      InstanceStatus left =
          done.getStatus().getInstances().stream()
              .filter(i -> i.getId().equals(ids.get(2)))
              .findFirst()
              .orElseThrow();
      assertThat(left.getStatus()).isEqualTo(ExecutionStatus.Skipped);
      assertThat(left.getErrorCode()).isEqualTo("InstanceLeft");
      assertThat(done.getStatus().getPhase()).as(h.log()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(done.getStatus().getOverview().getFailed()).isZero();
    }
  }

  @Test
  void anInstanceNotYetRegisteredWithSsmIsTriedAgainNotFailed(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
      h.aws().registerWithSsmAt(ids.get(1), ControllerHarness.T0.plus(Duration.ofMinutes(2)));
      group(h, PredefinedDeploymentConfig.AllAtOnce);

      Deployment done =
          h.awaitFinished(
              deploy(h, "web-r1", "r1").getMetadata().getName(), Duration.ofMinutes(10));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(done.getStatus().getInstances())
          .allSatisfy(
              i ->
                  assertThat(i.getStatus())
                      .as("%s: %s %s\n%s", i.getId(), i.getErrorCode(), i.getMessage(), h.log())
                      .isEqualTo(ExecutionStatus.Succeeded));
      assertThat(h.aws().runs(deploymentId(done), ids.get(1))).isEqualTo(1);
    }
  }

  @Test
  void anInstanceSsmKeepsRefusingIsAnAgentIssueAfterTheDeliveryTimeout(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
      h.aws().registerWithSsmAt(ids.get(1), ControllerHarness.T0.plus(Duration.ofDays(1)));
      group(h, PredefinedDeploymentConfig.AllAtOnce);

      Deployment done =
          h.awaitFinished(
              deploy(h, "web-r1", "r1").getMetadata().getName(), Duration.ofMinutes(20));

      InstanceStatus refused =
          done.getStatus().getInstances().stream()
              .filter(i -> i.getId().equals(ids.get(1)))
              .findFirst()
              .orElseThrow();
      assertThat(refused.getStatus()).isEqualTo(ExecutionStatus.Failed);
      assertThat(refused.getErrorCode()).isEqualTo("AGENT_ISSUE");
      assertThat(Duration.between(ControllerHarness.T0, h.clock().instant()))
          .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(7));
    }
  }

  @Test
  void aStopCancelsCommandsNoAgentStartedYet(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
      h.aws().behaviour(ids.get(1), HostBehaviour.offlineAgent());
      h.aws().behaviour(ids.get(0), HostBehaviour.succeedAfter(Duration.ofSeconds(20)));
      group(h, PredefinedDeploymentConfig.AllAtOnce);
      deploy(h, "web-r1", "r1");
      h.awaitDeployment("web-r1", ControllerHarness.batchesStarted(1), Duration.ofMinutes(1));
      h.runFor(Duration.ofSeconds(5));
      stop(h, "web-r1", Map.of());

      Deployment done = h.awaitFinished("web-r1", Duration.ofMinutes(2));

      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      assertThat(h.aws().calls("ssm:CancelCommand")).isEqualTo(1);
      InstanceStatus offline =
          done.getStatus().getInstances().stream()
              .filter(i -> i.getId().equals(ids.get(1)))
              .findFirst()
              .orElseThrow();
      assertThat(offline.getStatus()).isEqualTo(ExecutionStatus.Skipped);
      assertThat(offline.getErrorCode()).isEqualTo("Cancelled");
      assertNoResultLost(h, done);
    }
  }

  @Test
  void theQueueKeepsCreationOrderNotNameOrder(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      group(h, PredefinedDeploymentConfig.AllAtOnce);
      deploy(h, "web-v9", "v9");
      deploy(h, "web-v10", "v10");

      h.awaitDeployment(
          "web-v9", ControllerHarness.phase(DeploymentPhase.InProgress), Duration.ofMinutes(1));
      h.awaitDeployment("web-v10", d -> d.getStatus() != null, Duration.ofMinutes(1));

      assertThat(h.deployment("web-v9").getStatus().getPhase())
          .isEqualTo(DeploymentPhase.InProgress);
      assertThat(h.deployment("web-v10").getStatus().getPhase()).isEqualTo(DeploymentPhase.Queued);
      assertThat(h.deployment("web-v10").getStatus().getQueuedBehind()).isEqualTo("web-v9");
      h.awaitFinished("web-v10", Duration.ofMinutes(5));
      assertThat(h.deployment("web-v9").getStatus().getCompletionTime())
          .isLessThanOrEqualTo(h.deployment("web-v10").getStatus().getStartTime());
    }
  }

  @Test
  void aFailingHostFailsItsInstanceWithTheRunnersDiagnostics(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
      h.aws()
          .behaviour(
              ids.get(0),
              HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(3)));
      group(h, PredefinedDeploymentConfig.AllAtOnce);

      Deployment done =
          h.awaitFinished(
              deploy(h, "web-r1", "r1").getMetadata().getName(), Duration.ofMinutes(10));

      // AllAtOnce succeeds when one instance does.
      assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      InstanceStatus failed =
          done.getStatus().getInstances().stream()
              .filter(i -> i.getId().equals(ids.get(0)))
              .findFirst()
              .orElseThrow();
      assertThat(failed.getErrorCode()).isEqualTo("ScriptFailed");
      assertThat(failed.getEvents())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getName()).isEqualTo("ValidateService");
                assertThat(e.getDiagnostics().getScriptName()).isEqualTo("scripts/validate.sh");
              });
    }
  }
}
