package io.fleetdeploy.demo;

import static io.fleetdeploy.demo.DemoObjects.deployment;
import static io.fleetdeploy.demo.DemoObjects.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.simulator.InstanceInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The instance table says what each instance runs: a Deployment that skipped it changed nothing
 * there.
 */
class DemoSummaryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void afterAFailedRolloutAndItsRollbackEveryInstanceShowsTheRevisionItRuns() {
    ClusterSnapshot end =
        snapshot(
            T0,
            List.of(),
            List.of(
                deployment(
                    "web-1",
                    "deploymentGroup",
                    DeploymentPhase.Succeeded,
                    "v1.tgz",
                    "i-1:Succeeded:1",
                    "i-2:Succeeded:2",
                    "i-3:Succeeded:3"),
                deployment(
                    "web-2",
                    "deploymentGroup",
                    DeploymentPhase.Failed,
                    "v2.tgz",
                    "i-1:Failed:1",
                    "i-2:Skipped",
                    "i-3:Skipped"),
                deployment(
                    "web-2-rollback",
                    "rollback",
                    DeploymentPhase.Succeeded,
                    "v1.tgz",
                    "i-1:Succeeded:1")),
            List.of());
    ProgressLog log = new ProgressLog();
    log.update(end);

    List<String> lines =
        DemoSummary.render(
            new DemoResult(List.of("failed"), end, log),
            List.of(instance("i-1"), instance("i-2"), instance("i-3")));

    assertThat(lines)
        .filteredOn(l -> l.startsWith("i-"))
        .satisfiesExactly(
            row ->
                assertThat(row)
                    .containsPattern(
                        "^i-1 +app=demo +v1.tgz@0123abcd +Succeeded +- +web-2-rollback$"),
            row ->
                assertThat(row)
                    .containsPattern("^i-2 +app=demo +v1.tgz@0123abcd +Succeeded +- +web-1$"),
            row ->
                assertThat(row)
                    .containsPattern("^i-3 +app=demo +v1.tgz@0123abcd +Succeeded +- +web-1$"));
  }

  private static InstanceInfo instance(String id) {
    return new InstanceInfo(
        id,
        "running",
        "10.0.0.1",
        "eu-west-1a",
        Map.of("app", "demo"),
        null,
        null,
        false,
        Path.of("/tmp"));
  }
}
