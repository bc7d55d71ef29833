package io.fleetdeploy.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.embedded.ApiWrites;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Status is written only when something a reader needs changed: what the embedded API server
 * receives (writes, and the bytes of the objects sent) is counted.
 */
class WriteAmplificationTest {

  private static ApiWrites.Count count(ControllerHarness h, String resource) {
    return h.writes().byResource().getOrDefault(resource, new ApiWrites.Count(0, 0));
  }

  @Test
  void anInventoryRefreshThatFindsTheSameFleetWritesNothing() {
    try (ControllerHarness h = ControllerHarness.start("inventory")) {
      h.aws().addInstances(300, Map.of("app", "web"));
      h.create(Resources.application(h.namespace(), "fleet-app"));
      h.create(
          Resources.group(
              h.namespace(),
              "web",
              "app",
              "web",
              Resources.predefined(PredefinedDeploymentConfig.HalfAtATime)));
      h.awaitGroup(
          "web",
          g ->
              g.getStatus() != null
                  && Integer.valueOf(300).equals(g.getStatus().getInstanceCount()),
          Duration.ofMinutes(2));
      h.runFor(Duration.ofMinutes(2));
      h.writes().reset();

      // Thirty refreshes of an unchanged fleet of 300.
      h.runFor(Duration.ofMinutes(30));

      assertThat(count(h, "deploymentgroups/status").writes())
          .as("group status writes while nothing changed")
          .isZero();

      // A change a reader needs is still written, with its time.
      String before = h.group("web").getStatus().getLastInventoryTime();
      h.aws().addInstances(1, Map.of("app", "web"));
      h.runFor(Duration.ofMinutes(2));
      DeploymentGroup after = h.group("web");
      assertThat(after.getStatus().getInstanceCount()).isEqualTo(301);
      assertThat(after.getStatus().getLastInventoryTime()).isNotEqualTo(before);
      assertThat(count(h, "deploymentgroups/status").writes()).isPositive();
    }
  }
}
