package io.fleetdeploy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.controller.GroupInventory;
import io.fleetdeploy.testing.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard shows a group's inventory whichever layout its status keeps it in. */
class DashboardGroupInventoryTest {
  private static DeploymentGroup group(int instances) {
    DeploymentGroup g = Resources.group("ns", "web", "app", "web", null);
    List<InstanceInventoryEntry> inventory = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      InstanceInventoryEntry e = new InstanceInventoryEntry();
      e.setId(String.format("i-%017x", i));
      e.setRevision("3f9a1c2b7d4e");
      e.setHealth(InstanceHealth.Healthy);
      e.setAz(i % 2 == 0 ? "us-east-1a" : "us-east-1b");
      inventory.add(e);
    }
    DeploymentGroupStatus status = new DeploymentGroupStatus();
    status.setInstanceCount(instances);
    GroupInventory.store(status, inventory);
    g.setStatus(status);
    return g;
  }

  @Test
  void aGroupWithTheTableIsShownWithEveryEntry() {
    DeploymentGroup g = group(6_000);
    assertThat(g.getStatus().getInstanceTable()).isNotNull();

    JsonNode status = DashboardJson.group(g, List.of()).path("status");

    assertThat(status.has("instanceTable")).isFalse();
    assertThat(status.path("instances")).hasSize(6_000);
    assertThat(status.path("instances").get(5_999).path("id").asText())
        .isEqualTo(String.format("i-%017x", 5_999));
    assertThat(status.path("instances").get(1).path("az").asText()).isEqualTo("us-east-1b");
    Map<String, String> zones = DashboardJson.zonesOf(g);
    assertThat(zones).hasSize(6_000).containsEntry(String.format("i-%017x", 2), "us-east-1a");
  }

  @Test
  void aSmallGroupIsShownAsItIs() {
    JsonNode status = DashboardJson.group(group(3), List.of()).path("status");
    assertThat(status.path("instances")).hasSize(3);
    assertThat(status.has("instanceTable")).isFalse();
  }
}
