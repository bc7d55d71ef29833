package io.fleetdeploy.demo;

import static io.fleetdeploy.demo.DemoObjects.deployment;
import static io.fleetdeploy.demo.DemoObjects.group;
import static io.fleetdeploy.demo.DemoObjects.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.simulator.InstanceInfo;
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
    assertThat(Settlement.pending(snapshot(NOW, List.of(settled), List.of(
        deployment("a", "user", null, "x.tgz"),
        deployment("b", "autoscaling", DeploymentPhase.InProgress, "x.tgz"),
        deployment("c", "user", DeploymentPhase.Succeeded, "x.tgz"),
        deployment("d", "rollback", DeploymentPhase.Failed, "x.tgz")), List.of()), List.of(), 0, true))
        .containsExactly("Deployment a is not started yet", "Deployment b is InProgress");
  }

  @Test
  void aScaleOutSettlesWhenEveryInstanceOfTheGroupIsInService() {
    var settled = snapshot(NOW, List.of(group(1, 1L, "True", "False", "False")), List.of(), List.of());
    InstanceInfo inService = member("i-1", "running", "InService");
    InstanceInfo waiting = member("i-2", "pending", "Pending:Wait");
    InstanceInfo abandoned = member("i-3", "terminated", "Terminated");

    assertThat(Settlement.pending(settled, List.of(inService), 2, true))
        .containsExactly("demo-asg is launching (1 of 2 instances)");
    assertThat(Settlement.pending(settled, List.of(inService, waiting, abandoned), 2, true))
        .containsExactly("instance i-2 of demo-asg is Pending:Wait");
    assertThat(Settlement.pending(settled, List.of(inService, waiting), 2, false)).isEmpty();
    assertThat(Settlement.pending(settled, List.of(inService, member("i-4", "running", "InService")), 2, true)).isEmpty();
  }

  private static List<String> pending(io.fleetdeploy.api.v1alpha1.DeploymentGroup group) {
    return Settlement.pending(snapshot(NOW, List.of(group), List.of(), List.of()), List.of(), 0, true);
  }

  private static InstanceInfo member(String id, String state, String lifecycle) {
    return new InstanceInfo(id, state, "10.0.0.1", "eu-west-1a", Map.of("app", "demo-asg"), "demo-asg", lifecycle,
        false, Path.of("/tmp"));
  }
}
