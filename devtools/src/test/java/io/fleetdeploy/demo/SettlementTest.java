package io.fleetdeploy.demo;

import static io.fleetdeploy.demo.DemoObjects.deployment;
import static io.fleetdeploy.demo.DemoObjects.group;
import static io.fleetdeploy.demo.DemoObjects.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.simulator.InstanceInfo;
import io.fleetdeploy.testing.Resources;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo moves on only when nothing is moving any more, and says what still is. */
class SettlementTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aGroupSettlesWhenItReconciledItsGenerationAndIsReadyOrDegraded() {
    assertThat(pending(group(2, 1L, "True", "False", "False")))
        .containsExactly("DeploymentGroup web has not reconciled generation 2 yet");
    assertThat(pending(group(2, null, "True", "False", "False")))
        .containsExactly("DeploymentGroup web has not reconciled generation 2 yet");
    assertThat(pending(group(2, 2L, "False", "True", "False")))
        .containsExactly("DeploymentGroup web is progressing: Progressing is True");
    assertThat(pending(group(2, 2L, "False", "False", "False")))
        .containsExactly("DeploymentGroup web is not ready (Because: Ready is False)");
    assertThat(pending(group(2, 2L, "True", "False", "False"))).isEmpty();
    assertThat(pending(group(2, 2L, "False", "False", "True"))).isEmpty();
  }

  @Test
  void everyDeploymentMustHaveFinished() {
    var settled = group(1, 1L, "True", "False", "False");
    assertThat(
            Settlement.pending(
                snapshot(
                    NOW,
                    List.of(settled),
                    List.of(
                        deployment("a", "user", null, "x.tgz"),
                        deployment("b", "autoscaling", DeploymentPhase.InProgress, "x.tgz"),
                        deployment("c", "user", DeploymentPhase.Succeeded, "x.tgz"),
                        deployment("d", "rollback", DeploymentPhase.Failed, "x.tgz")),
                    List.of()),
                List.of(),
                0,
                true))
        .containsExactly("Deployment a is not started yet", "Deployment b is InProgress");
  }

  @Test
  void aGroupWhoseDeclaredRevisionFailedIsDoneOnceNothingRunsOrWaitsForIt() {
    var notConverged = group(2, 2L, "False", "False", "False");
    var v1 =
        at(
            deployment("web-1", "deploymentGroup", DeploymentPhase.Succeeded, "v1.tgz"),
            "00:00:01Z");
    var v2 =
        at(deployment("web-2", "deploymentGroup", DeploymentPhase.Failed, "v2.tgz"), "00:00:05Z");
    var rollingBack =
        at(deployment("web-2-rollback", "rollback", DeploymentPhase.Queued, "v1.tgz"), "00:00:06Z");
    var rolledBack =
        at(
            deployment("web-2-rollback", "rollback", DeploymentPhase.Succeeded, "v1.tgz"),
            "00:00:06Z");

    assertThat(pending(notConverged, v1, v2, rollingBack))
        .containsExactly(
            "Deployment web-2-rollback is Queued",
            "DeploymentGroup web is not ready (Because: Ready is False)");
    assertThat(pending(notConverged, v1, v2, rolledBack)).isEmpty();
    assertThat(
            pending(
                notConverged,
                v1,
                at(
                    deployment("web-2", "deploymentGroup", DeploymentPhase.Stopped, "v2.tgz"),
                    "00:00:05Z")))
        .isEmpty();
    // A Degraded group is done for now too, whatever its reason, once nothing runs for it.
    assertThat(pending(group(2, 2L, "False", "False", "True"), v1)).isEmpty();
  }

  @Test
  void aGroupNotReadyAfterASuccessIsStillMoving() {
    // E.g. Ready=False ApplicationNotFound while the Application is on its way: not a failure, wait
    // for it.
    var v1 =
        at(
            deployment("web-1", "deploymentGroup", DeploymentPhase.Succeeded, "v1.tgz"),
            "00:00:01Z");
    var userFailed =
        at(deployment("hotfix", "user", DeploymentPhase.Failed, "v1.tgz"), "00:00:09Z");

    assertThat(pending(group(1, 1L, "False", "False", "False"), v1, userFailed))
        .containsExactly("DeploymentGroup web is not ready (Because: Ready is False)");
    assertThat(pending(group(1, 1L, "False", "False", "False")))
        .containsExactly("DeploymentGroup web is not ready (Because: Ready is False)");
  }

  @Test
  void aDeploymentOfAGroupThatDoesNotExistIsBlockedWithItsOwnReason() {
    var waiting = deployment("shop-1", "user", DeploymentPhase.Created, "v1.tgz");
    waiting.getSpec().setDeploymentGroupRef(Resources.ref("storefrnt"));
    Condition ready = DemoObjects.condition("Ready", "False", "DeploymentGroupNotFound");
    ready.setMessage(
        "DeploymentGroup storefrnt does not exist in this namespace; the deployment starts when it does");
    waiting.getStatus().setConditions(List.of(ready));
    var storefront =
        Resources.group(
            "default",
            "storefront",
            "app",
            "demo",
            Resources.predefined(PredefinedDeploymentConfig.OneAtATime));

    assertThat(Settlement.blocked(snapshot(NOW, List.of(storefront), List.of(waiting), List.of())))
        .containsExactly(
            "Deployment shop-1 cannot start: DeploymentGroupNotFound: DeploymentGroup storefrnt does not "
                + "exist in this namespace; the deployment starts when it does (did you mean storefront?)");
    // The operator's cache lags behind: the group exists already, so the Deployment is about to
    // start.
    var lagging =
        Resources.group(
            "default",
            "storefrnt",
            "app",
            "demo",
            Resources.predefined(PredefinedDeploymentConfig.OneAtATime));
    assertThat(
            Settlement.blocked(
                snapshot(NOW, List.of(storefront, lagging), List.of(waiting), List.of())))
        .isEmpty();
    waiting.getStatus().setConditions(List.of(DemoObjects.condition("Ready", "False", "Queued")));
    assertThat(Settlement.blocked(snapshot(NOW, List.of(storefront), List.of(waiting), List.of())))
        .isEmpty();
  }

  @Test
  void aScaleOutSettlesWhenEveryInstanceOfTheGroupIsInService() {
    var settled =
        snapshot(NOW, List.of(group(1, 1L, "True", "False", "False")), List.of(), List.of());
    InstanceInfo inService = member("i-1", "running", "InService");
    InstanceInfo waiting = member("i-2", "pending", "Pending:Wait");
    InstanceInfo abandoned = member("i-3", "terminated", "Terminated");

    assertThat(Settlement.pending(settled, List.of(inService), 2, true))
        .containsExactly("demo-asg is launching (1 of 2 instances)");
    assertThat(Settlement.pending(settled, List.of(inService, waiting, abandoned), 2, true))
        .containsExactly("instance i-2 of demo-asg is Pending:Wait");
    assertThat(Settlement.pending(settled, List.of(inService, waiting), 2, false)).isEmpty();
    assertThat(
            Settlement.pending(
                settled, List.of(inService, member("i-4", "running", "InService")), 2, true))
        .isEmpty();
  }

  private static List<String> pending(io.fleetdeploy.api.v1alpha1.DeploymentGroup group) {
    return Settlement.pending(
        snapshot(NOW, List.of(group), List.of(), List.of()), List.of(), 0, true);
  }

  private static List<String> pending(DeploymentGroup group, Deployment... deployments) {
    return Settlement.pending(
        snapshot(NOW, List.of(group), List.of(deployments), List.of()), List.of(), 0, true);
  }

  private static Deployment at(Deployment d, String time) {
    d.getMetadata().setCreationTimestamp("2026-01-01T" + time);
    return d;
  }

  private static InstanceInfo member(String id, String state, String lifecycle) {
    return new InstanceInfo(
        id,
        state,
        "10.0.0.1",
        "eu-west-1a",
        Map.of("app", "demo-asg"),
        "demo-asg",
        lifecycle,
        false,
        Path.of("/tmp"));
  }
}
