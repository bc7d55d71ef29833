package io.fleetdeploy.demo;

import static io.fleetdeploy.demo.DemoObjects.deployment;
import static io.fleetdeploy.demo.DemoObjects.event;
import static io.fleetdeploy.demo.DemoObjects.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ErrorInformation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live log: one line per change, in the order things happened, each said once. */
class ProgressLogTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final ProgressLog log = new ProgressLog();

  @Test
  void aDeploymentThatCannotStartSaysWhyOnceInItsOwnWords() {
    Deployment waiting = deployment("shop-1", "user", DeploymentPhase.Created, "v1.tgz");
    waiting.getStatus().setConditions(List.of(DemoObjects.condition("Ready", "False", "Starting")));
    assertThat(log.update(snapshot(T0, List.of(), List.of(waiting), List.of())))
        .containsExactly("deployment shop-1 created by user: v1.tgz@0123abcd");

    Condition notFound = DemoObjects.condition("Ready", "False", "DeploymentGroupNotFound");
    notFound.setMessage("DeploymentGroup shop does not exist in this namespace");
    waiting.getStatus().setConditions(List.of(notFound));
    assertThat(log.update(snapshot(T0.plusMillis(250), List.of(), List.of(waiting), List.of())))
        .containsExactly(
            "deployment shop-1 waits: DeploymentGroupNotFound: DeploymentGroup shop does not exist in "
                + "this namespace");
    assertThat(log.update(snapshot(T0.plusMillis(500), List.of(), List.of(waiting), List.of())))
        .isEmpty();
  }

  @Test
  void aRolloutIsToldBatchByBatchAndInstanceByInstance() {
    List<String> first =
        log.update(
            snapshot(
                T0,
                List.of(),
                List.of(deployment("web-1", "deploymentGroup", null, "demo-web-v1.tgz")),
                List.of()));
    assertThat(first)
        .containsExactly("deployment web-1 created by deploymentGroup: demo-web-v1.tgz");

    List<String> second =
        log.update(
            snapshot(
                T0.plusMillis(250),
                List.of(),
                List.of(
                    deployment(
                        "web-1",
                        "deploymentGroup",
                        DeploymentPhase.InProgress,
                        "demo-web-v1.tgz",
                        "i-1:InProgress:1",
                        "i-2:Pending")),
                List.of()));
    assertThat(second)
        .containsExactly(
            "deployment web-1 started: demo-web-v1.tgz@0123abcd to 2 instance(s), OneAtATime",
            "deployment web-1 batch 1: 1 instance(s) i-1");

    // One poll sees the first instance finish and the second batch start: the batch comes first
    // only for its own instances.
    List<String> third =
        log.update(
            snapshot(
                T0.plusMillis(2250),
                List.of(),
                List.of(
                    deployment(
                        "web-1",
                        "deploymentGroup",
                        DeploymentPhase.InProgress,
                        "demo-web-v1.tgz",
                        "i-1:Succeeded:1",
                        "i-2:InProgress:2")),
                List.of()));
    assertThat(third)
        .containsExactly(
            "deployment web-1: i-1 succeeded in 2.0s",
            "deployment web-1 batch 2: 1 instance(s) i-2");

    List<String> same =
        log.update(
            snapshot(
                T0.plusMillis(2500),
                List.of(),
                List.of(
                    deployment(
                        "web-1",
                        "deploymentGroup",
                        DeploymentPhase.InProgress,
                        "demo-web-v1.tgz",
                        "i-1:Succeeded:1",
                        "i-2:InProgress:2")),
                List.of()));
    assertThat(same).isEmpty();

    Deployment failed =
        deployment(
            "web-1",
            "deploymentGroup",
            DeploymentPhase.Failed,
            "demo-web-v1.tgz",
            "i-1:Succeeded:1",
            "i-2:Failed:2");
    failed.getStatus().getInstances().get(1).setLastEvent("ValidateService");
    failed.getStatus().getInstances().get(1).setMessage("exit 1\nsecond line");
    ErrorInformation error = new ErrorInformation();
    error.setCode(ErrorCode.HEALTH_CONSTRAINTS);
    error.setMessage("too many failed");
    failed.getStatus().setErrorInformation(error);
    List<String> last =
        log.update(snapshot(T0.plusMillis(4250), List.of(), List.of(failed), List.of()));
    assertThat(last)
        .containsExactly(
            "deployment web-1: i-2 failed in 2.0s at ValidateService: exit 1 second line",
            "deployment web-1 failed: 1/2 instance(s) succeeded in 4.0s; HEALTH_CONSTRAINTS: too many failed");

    assertThat(log.progress()).isEqualTo(new ProgressLog.Progress(2, 2, 1, 1));
    assertThat(log.deploymentDuration(failed)).contains(Duration.ofSeconds(4));
  }

  @Test
  void groupEventsAreToldOnceAndDeploymentEventsAreLeftToTheStatusLines() {
    var hook =
        event(
            "u1",
            "DeploymentGroup",
            "web",
            "LifecycleHookInstalled",
            "Installed fleetdeploy-default-web");
    var created =
        event("u2", "DeploymentGroup", "web", "DeploymentCreated", "Created Deployment web-1");
    var batch = event("u3", "Deployment", "web-1", "BatchStarted", "Batch 1");

    assertThat(log.update(snapshot(T0, List.of(), List.of(), List.of(hook, created, batch))))
        .containsExactly("group web: LifecycleHookInstalled: Installed fleetdeploy-default-web");
    assertThat(log.update(snapshot(T0, List.of(), List.of(), List.of(hook, created, batch))))
        .isEmpty();
  }

  @Test
  void deploymentsAreRememberedAfterTheGroupPrunedThem() {
    log.update(
        snapshot(
            T0,
            List.of(),
            List.of(
                deployment("old", "user", DeploymentPhase.Succeeded, "a.tgz", "i-1:Succeeded:1")),
            List.of()));
    log.update(
        snapshot(
            T0.plusSeconds(1),
            List.of(),
            List.of(deployment("new", "rollback", null, "a.tgz")),
            List.of()));

    assertThat(log.deployments())
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("old", "new");
    assertThat(log.progress()).isEqualTo(new ProgressLog.Progress(1, 1, 1, 2));
  }
}
