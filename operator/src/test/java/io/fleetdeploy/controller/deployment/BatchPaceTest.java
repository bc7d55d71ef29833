package io.fleetdeploy.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.fleet.HostBehaviour;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a batch costs beyond its hosts, in the controller's own clock: OneAtATime over 100 hosts
 * that finish at once, with production timing.
 */
class BatchPaceTest {

  @Test
  void aOneAtATimeBatchOfInstantHostsCostsLessThan100Ms() {
    try (ControllerHarness h = ControllerHarness.start("pace")) {
      fleet(h, 100, Duration.ZERO, PredefinedDeploymentConfig.OneAtATime);
      rollout(h, "web-1", "1");
      Deployment d = h.deployment("web-1");

      assertThat(d.getStatus().getBatchesStarted()).isEqualTo(100);
      Duration rollout =
          Duration.between(
              Instant.parse(d.getStatus().getStartTime()),
              Instant.parse(d.getStatus().getCompletionTime()));
      // Times are stored to the second: 100 batches of at most 100 ms, and a second of rounding.
      assertThat(rollout).isLessThanOrEqualTo(Duration.ofSeconds(11));
    }
  }

  /**
   * A group's first deployment has no expectation of how long its batch takes, so the batch is
   * looked at a quarter of its age apart and seen done up to 25 % late; the group's next deployment
   * is looked at when its batch is expected to end (what the previous one's took), and seen done at
   * most ~5 % late.
   */
  @Test
  void aGroupsNextDeploymentSeesItsBatchDoneAtMostAboutFivePercentLate() {
    Duration hosts = Duration.ofMillis(7_500);
    try (ControllerHarness h = ControllerHarness.start("pace-group")) {
      fleet(h, 4, hosts, PredefinedDeploymentConfig.AllAtOnce);
      Duration first = rollout(h, "web-1", "1");
      Duration second = rollout(h, "web-2", "2");

      assertThat(first.minus(hosts)).isGreaterThan(hosts.dividedBy(10));
      assertThat(second.minus(hosts)).isLessThanOrEqualTo(hosts.dividedBy(20));
    }
  }

  /** Instances tagged app=web whose hosts take {@code hostTime}, and the group "web" over them. */
  private static void fleet(
      ControllerHarness h, int instances, Duration hostTime, PredefinedDeploymentConfig config) {
    h.aws().addInstances(instances, Map.of("app", "web"));
    h.aws().defaultBehaviour(HostBehaviour.succeedAfter(hostTime));
    h.create(Resources.application(h.namespace(), "fleet-app"));
    h.create(Resources.group(h.namespace(), "web", "app", "web", Resources.predefined(config)));
  }

  /** Rolls a new version out; returns how long from the Deployment's creation to its end. */
  private static Duration rollout(ControllerHarness h, String name, String version) {
    Instant created = h.clock().instant();
    h.create(
        Resources.deployment(
            h.namespace(),
            name,
            "web",
            ControllerHarness.BUCKET,
            h.uploadBundle("fleet-app", version)));
    Deployment d = h.awaitFinished(name, Duration.ofHours(1));
    assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    return Duration.between(created, h.clock().instant());
  }
}
