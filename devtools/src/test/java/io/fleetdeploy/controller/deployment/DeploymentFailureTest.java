package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.OperatorExtension.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.testing.Awaits;
import io.fleetdeploy.testing.OperatorExtension;
import io.fleetdeploy.testing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deployments that fail, are stopped, queue, or lose instances — and the rollback after a failure.
 */
class DeploymentFailureTest {
  @RegisterExtension static final OperatorExtension env = new OperatorExtension();

  @Test
  void failsOnHealthConstraintsWhenTheArithmeticSaysThenRollsBackOnlyWhatItTouched() {
    String ns = "health";
    List<String> ids =
        env.simulator().addInstances(6, Map.of("suite", "health")).stream().sorted().toList();
    DeploymentGroup group =
        Resources.withAutoRollback(
            Resources.group(
                ns,
                "web",
                "suite",
                "health",
                Resources.predefined(PredefinedDeploymentConfig.HalfAtATime)),
            RollbackEvent.DeploymentFailure);
    env.client().resource(group).create();
    String v1 = env.uploadBundle("fleet-app", "v1");
    env.client().resource(Resources.deployment(ns, "web-v1", "web", BUCKET, v1)).create();
    assertThat(Awaits.finished(env.client(), ns, "web-v1").getStatus().getPhase())
        .isEqualTo(DeploymentPhase.Succeeded);
    awaitLastSuccessful(ns, "web", "web-v1");

    // v2 fails its health check on the three instances of the first batch (the first by id).
    List<String> firstBatch = ids.subList(0, 3);
    firstBatch.forEach(
        id -> HostLogs.write(env.simulator(), id, "etc/fleet-app/fail-validate", "v2\n"));
    String v2 = env.uploadBundle("fleet-app", "v2");
    Deployment created =
        env.client().resource(Resources.deployment(ns, "web-v2", "web", BUCKET, v2)).create();
    Deployment failed = Awaits.finished(env.client(), ns, "web-v2");

    // HalfAtATime on 6: minimum 3, batches of 3. With the first 3 failed, only 3 can end healthy,
    // and every one of them would have to be taken out: the deployment fails after batch 1.
    assertThat(failed.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed);
    assertThat(failed.getStatus().getErrorInformation().getCode())
        .isEqualTo(ErrorCode.HEALTH_CONSTRAINTS);
    assertThat(failed.getStatus().getBatches()).hasSize(1);
    assertThat(failed.getStatus().getInstances())
        .filteredOn(i -> i.getStatus() == ExecutionStatus.Failed)
        .extracting(InstanceStatus::getId)
        .containsExactlyInAnyOrderElementsOf(firstBatch);
    assertThat(failed.getStatus().getInstances())
        .filteredOn(i -> i.getStatus() == ExecutionStatus.Skipped)
        .hasSize(3);
    InstanceStatus oneFailure =
        failed.getStatus().getInstances().stream()
            .filter(i -> i.getStatus() == ExecutionStatus.Failed)
            .findFirst()
            .orElseThrow();
    assertThat(oneFailure.getLastEvent()).isEqualTo("ValidateService");
    assertThat(oneFailure.getEvents())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("ValidateService");
              assertThat(e.getDiagnostics().getErrorCode()).isEqualTo("ScriptFailed");
              assertThat(e.getDiagnostics().getScriptName()).isEqualTo("scripts/validate.sh");
              assertThat(e.getDiagnostics().getLogTail()).contains("health check failed");
            });

    // The rollback: a new Deployment of v1, linked both ways, to exactly the three touched
    // instances.
    String rollbackName = failed.getStatus().getRollbackInfo().getRollbackDeployment();
    assertThat(rollbackName).isEqualTo("web-v2-rollback");
    long s3GetsBefore = env.simulator().calls().count("s3", "GetObject");
    Deployment rollback = Awaits.finished(env.client(), ns, rollbackName);
    assertThat(rollback.getMetadata().getLabels()).containsEntry(Labels.CREATOR, "rollback");
    assertThat(rollback.getStatus().getCreator().name()).isEqualTo("ROLLBACK");
    assertThat(rollback.getStatus().getRollbackInfo().getRollbackOf()).isEqualTo("web-v2");
    assertThat(rollback.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    assertThat(rollback.getStatus().getInstances())
        .extracting(InstanceStatus::getId)
        .containsExactlyInAnyOrderElementsOf(firstBatch);
    assertThat(rollback.getStatus().getRevision().getSha256())
        .isEqualTo(
            env.client()
                .resources(Deployment.class)
                .inNamespace(ns)
                .withName("web-v1")
                .get()
                .getStatus()
                .getRevision()
                .getSha256());
    // The hosts still had v1 unpacked: the only read of the bundle was the operator's own pin.
    assertThat(env.simulator().calls().count("s3", "GetObject") - s3GetsBefore)
        .isLessThanOrEqualTo(1);
    String rollbackUid = rollback.getMetadata().getUid();
    for (String id : ids) {
      List<String> lines = HostLogs.linesOf(env.simulator(), id, rollbackUid);
      if (firstBatch.contains(id)) {
        assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l).endsWith(" v1"));
      } else {
        assertThat(lines).as("untouched instance %s", id).isEmpty();
      }
    }
    assertThat(created.getMetadata().getName()).isEqualTo("web-v2");
  }

  @Test
  void aRollbackOfOneInstanceIsNotRefusedByTheGroupsMinimum() {
    String ns = "small-rollback";
    List<String> ids =
        env.simulator().addInstances(2, Map.of("suite", "small-rollback")).stream()
            .sorted()
            .toList();
    DeploymentGroup group =
        Resources.withAutoRollback(
            Resources.group(
                ns,
                "web",
                "suite",
                "small-rollback",
                Resources.predefined(PredefinedDeploymentConfig.HalfAtATime)),
            RollbackEvent.DeploymentFailure);
    env.client().resource(group).create();
    env.client()
        .resource(
            Resources.deployment(ns, "web-v1", "web", BUCKET, env.uploadBundle("fleet-app", "m1")))
        .create();
    assertThat(Awaits.finished(env.client(), ns, "web-v1").getStatus().getPhase())
        .isEqualTo(DeploymentPhase.Succeeded);
    awaitLastSuccessful(ns, "web", "web-v1");
    HostLogs.write(env.simulator(), ids.get(0), "etc/fleet-app/fail-validate", "m2\n");
    env.client()
        .resource(
            Resources.deployment(ns, "web-v2", "web", BUCKET, env.uploadBundle("fleet-app", "m2")))
        .create();
    assertThat(Awaits.finished(env.client(), ns, "web-v2").getStatus().getPhase())
        .isEqualTo(DeploymentPhase.Failed);

    // HalfAtATime of one instance would keep that one instance healthy: nothing to deploy to. A
    // rollback is not refused for it; it keeps all but one of its instances healthy instead.
    Deployment rollback = Awaits.finished(env.client(), ns, "web-v2-rollback");
    assertThat(rollback.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    assertThat(rollback.getStatus().getInstances())
        .extracting(InstanceStatus::getId)
        .containsExactly(ids.get(0));
    assertThat(rollback.getStatus().getDeploymentConfig())
        .startsWith("OneAtATime (for 1 instance(s) of HalfAtATime");
  }

  @Test
  void aSecondDeploymentQueuesBehindTheFirstAndRunsAfterIt() {
    String ns = "queue";
    List<String> ids = env.simulator().addInstances(2, Map.of("suite", "queue"));
    ids.forEach(id -> HostLogs.write(env.simulator(), id, "etc/fleet-app/slow", "1\n"));
    env.client()
        .resource(
            Resources.group(
                ns,
                "web",
                "suite",
                "queue",
                Resources.predefined(PredefinedDeploymentConfig.OneAtATime)))
        .create();
    String v1 = env.uploadBundle("fleet-app", "q1");
    String v2 = env.uploadBundle("fleet-app", "q2");
    env.client().resource(Resources.deployment(ns, "first", "web", BUCKET, v1)).create();
    env.client().resource(Resources.deployment(ns, "second", "web", BUCKET, v2)).create();

    Deployment queued =
        Awaits.deployment(
            env.client(),
            ns,
            "second",
            Awaits.phase(DeploymentPhase.Queued),
            Duration.ofSeconds(30));
    assertThat(queued.getStatus().getQueuedBehind()).isEqualTo("first");
    assertThat(queued.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Progressing");
              assertThat(c.getReason()).isEqualTo("Queued");
              assertThat(c.getMessage()).contains("first");
            });

    Deployment first = Awaits.finished(env.client(), ns, "first");
    Deployment second = Awaits.finished(env.client(), ns, "second");
    assertThat(first.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    assertThat(second.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    assertThat(second.getStatus().getStartTime())
        .isGreaterThanOrEqualTo(first.getStatus().getCompletionTime());
    assertThat(second.getStatus().getQueuedBehind()).isNull();
  }

  @Test
  void stopMidRolloutStartsNoNewBatch() {
    String ns = "stop";
    List<String> ids = env.simulator().addInstances(6, Map.of("suite", "stop"));
    ids.forEach(id -> HostLogs.write(env.simulator(), id, "etc/fleet-app/slow", "1\n"));
    env.client()
        .resource(
            Resources.group(
                ns,
                "web",
                "suite",
                "stop",
                Resources.predefined(PredefinedDeploymentConfig.OneAtATime)))
        .create();
    String v1 = env.uploadBundle("fleet-app", "s1");
    env.client().resource(Resources.deployment(ns, "web-s1", "web", BUCKET, v1)).create();
    Awaits.deployment(env.client(), ns, "web-s1", Awaits.batchesStarted(2), Duration.ofSeconds(60));

    env.client()
        .resources(Deployment.class)
        .inNamespace(ns)
        .withName("web-s1")
        .edit(
            d -> {
              d.getSpec().setStop(true);
              return d;
            });
    Deployment stopped = Awaits.finished(env.client(), ns, "web-s1");

    assertThat(stopped.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
    assertThat(stopped.getStatus().getErrorInformation().getCode())
        .isEqualTo(ErrorCode.MANUAL_STOP);
    int batches = stopped.getStatus().getBatchesStarted();
    assertThat(batches).isBetween(2, 3);
    assertThat(stopped.getStatus().getInstances())
        .filteredOn(i -> i.getStatus() == ExecutionStatus.Skipped)
        .hasSize(6 - batches);
    assertThat(stopped.getStatus().getInstances())
        .filteredOn(i -> i.getStatus() == ExecutionStatus.Succeeded)
        .hasSize(batches);
  }

  @Test
  void aTerminatedInstanceAndAnOfflineAgentEachFailWithTheirReason() {
    String ns = "lost";
    List<String> ids =
        env.simulator().addInstances(6, Map.of("suite", "lost")).stream().sorted().toList();
    String terminated = ids.get(0);
    String offline = ids.get(1);
    env.simulator().faults().terminateDuringCommand(terminated, Duration.ofMillis(200));
    env.simulator().faults().agentOffline(offline, true);
    env.client()
        .resource(
            Resources.group(
                ns,
                "web",
                "suite",
                "lost",
                Resources.predefined(PredefinedDeploymentConfig.HalfAtATime)))
        .create();
    String v1 = env.uploadBundle("fleet-app", "l1");
    env.client().resource(Resources.deployment(ns, "web-l1", "web", BUCKET, v1)).create();

    // The offline agent never starts its command; SSM gives up after the delivery timeout (30 s).
    Awaits.deployment(env.client(), ns, "web-l1", Awaits.batchesStarted(1), Duration.ofSeconds(30));
    env.simulator().advanceClock(Duration.ofSeconds(31));
    Deployment done = Awaits.finished(env.client(), ns, "web-l1");

    // HalfAtATime on 6 instances never deployed to (unhealthy, as CodeDeploy counts them): minimum
    // 3,
    // batches of at most 3. Batch 1 loses 2; 4 can still end healthy, so batch 2 takes the other 3
    // and
    // the deployment ends Succeeded with 4 of 6.
    assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    assertThat(done.getStatus().getBatches()).extracting(b -> b.getSize()).containsExactly(3, 3);
    InstanceStatus gone = instance(done, terminated);
    assertThat(gone.getStatus()).isEqualTo(ExecutionStatus.Failed);
    assertThat(gone.getErrorCode()).isEqualTo("InstanceTerminated");
    InstanceStatus silent = instance(done, offline);
    assertThat(silent.getStatus()).isEqualTo(ExecutionStatus.Failed);
    assertThat(silent.getErrorCode()).isEqualTo("AGENT_ISSUE");
    env.simulator().faults().agentOffline(offline, false);
  }

  private static InstanceStatus instance(Deployment d, String id) {
    return d.getStatus().getInstances().stream()
        .filter(i -> i.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static void awaitLastSuccessful(String ns, String group, String deployment) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              DeploymentGroup g =
                  env.client()
                      .resources(DeploymentGroup.class)
                      .inNamespace(ns)
                      .withName(group)
                      .get();
              return g.getStatus() != null
                  && deployment.equals(g.getStatus().getLastSuccessfulDeployment());
            });
  }
}
