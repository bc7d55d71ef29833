package io.fleetdeploy.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.controller.GroupInventory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kubectl fd get group} lists the inventory of a group whose status keeps it as a table. */
class GroupViewInventoryTableTest {
  @Test
  void everyInstanceOfTheTableIsListed() {
    DeploymentGroup g = PluginFixture.group("shop", "web");
    List<InstanceInventoryEntry> inventory = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      InstanceInventoryEntry e = new InstanceInventoryEntry();
      e.setId(String.format("i-%017x", i));
      e.setAz("eu-west-1a");
      e.setHealth(i == 4_321 ? InstanceHealth.Unhealthy : InstanceHealth.Healthy);
      e.setRevision(i == 4_321 ? "" : "3f2a9c0d1e4b");
      inventory.add(e);
    }
    g.getStatus().setInstanceCount(inventory.size());
    GroupInventory.store(g.getStatus(), inventory);
    assertThat(g.getStatus().getInstances()).isNull();

    String out = GroupView.render(g);

    assertThat(out).contains("  instances 6000\n");
    assertThat(out.lines().filter(l -> l.startsWith("    i-"))).hasSize(6_000);
    assertThat(out)
        .containsPattern("    i-000000000000010e1 +eu-west-1a +Unhealthy +-\n")
        .containsPattern("    i-0000000000000176f +eu-west-1a +Healthy +3f2a9c0d1e4b\n");
  }
}
