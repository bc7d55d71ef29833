package io.fleetdeploy.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.controller.GroupInventory;
import io.fleetdeploy.controller.InstanceResults;
import io.fleetdeploy.embedded.ApiWrites;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.fleet.HostBehaviour;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Deployment above {@value InstanceResults#TABLE_ABOVE} instances keeps every instance at a few
 * bytes each (so 50,000 stay under 1 MiB) and is still read whole, by the controller and by {@link
 * InstanceResults}; so does its group's inventory ({@link GroupInventory}); what the operator
 * writes is counted by the API server.
 */
class LargeDeploymentTest {
  private static final int FLEET = 8_000;

  @Test
  void eightThousandInstancesRollOutInAnObjectOfAFewBytesPerInstance() {
    try (ControllerHarness h = ControllerHarness.start("large")) {
      h.aws().addInstances(FLEET, Map.of("app", "web"));
      h.aws().defaultBehaviour(HostBehaviour.succeedAfter(Duration.ofSeconds(20)));
      h.create(Resources.application(h.namespace(), "fleet-app"));
      h.create(
          Resources.group(
              h.namespace(),
              "web",
              "app",
              "web",
              Resources.predefined(PredefinedDeploymentConfig.HalfAtATime)));
      h.create(
          Resources.deployment(
              h.namespace(),
              "web-1",
              "web",
              ControllerHarness.BUCKET,
              h.uploadBundle("fleet-app", "1")));
      h.writes().reset();
      Deployment d = h.awaitFinished("web-1", Duration.ofHours(1));

      assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      List<InstanceStatus> all = InstanceResults.of(d);
      assertThat(all).hasSize(FLEET);
      assertThat(all)
          .allSatisfy(i -> assertThat(i.getStatus()).isEqualTo(ExecutionStatus.Succeeded));
      assertThat(all).extracting(InstanceStatus::getBatch).containsOnly(1, 2);

      int objectBytes = Serialization.asJson(d).getBytes(StandardCharsets.UTF_8).length;
      // 50,000 instances at this rate stay under 1 MiB (one entry each was about 56 bytes).
      assertThat((double) objectBytes / FLEET).as("object bytes per instance").isLessThan(20);

      ApiWrites.Count deploymentWrites =
          h.writes().byResource().getOrDefault("deployments/status", new ApiWrites.Count(0, 0));
      assertThat((double) deploymentWrites.writes() / FLEET)
          .as("Deployment status writes per instance")
          .isLessThanOrEqualTo(0.05);
      assertThat((double) deploymentWrites.bytes() / FLEET)
          .as("bytes of Deployment status writes per instance")
          .isLessThan(200);

      // The group's inventory is a table at this size too, read back whole by the controller.
      DeploymentGroup group =
          h.awaitGroup(
              "web",
              g ->
                  g.getStatus() != null
                      && GroupInventory.of(g).size() == FLEET
                      && GroupInventory.of(g).stream()
                          .allMatch(
                              e ->
                                  e.getHealth() == InstanceHealth.Healthy
                                      && d.getStatus()
                                          .getRevision()
                                          .getSha256()
                                          .startsWith(e.getRevision())
                                      && !e.getRevision().isEmpty()),
              Duration.ofMinutes(5));
      assertThat(group.getStatus().getInstances()).isNull();
      assertThat(group.getStatus().getInstanceTable()).isNotNull();
      int groupBytes = Serialization.asJson(group).getBytes(StandardCharsets.UTF_8).length;
      assertThat((double) groupBytes / FLEET).as("group object bytes per instance").isLessThan(20);
    }
  }
}
