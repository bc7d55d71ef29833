package io.fleetdeploy.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A group's inventory stays well under etcd's object limit at 50,000 instances (the compact table),
 * and reads back the same whichever layout it was stored in.
 */
class GroupInventoryTest {
  private static final String[] ZONES = {"us-east-1a", "us-east-1b", "us-east-1c"};

  /** Entries as a group of {@code n} instances has them: random ids, two revisions, three AZs. */
  static List<InstanceInventoryEntry> inventory(int n) {
    Random random = new Random(19);
    List<InstanceInventoryEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      InstanceInventoryEntry e = new InstanceInventoryEntry();
      e.setId(String.format("i-%017x", random.nextLong() & 0xFFFFFFFFFFFFFL));
      int kind = random.nextInt(100);
      e.setRevision(kind < 90 ? "3f9a1c2b7d4e" : kind < 97 ? "a81b22c9e0f1" : "");
      e.setHealth(kind < 97 ? InstanceHealth.Healthy : kind < 99 ? InstanceHealth.Unhealthy : null);
      e.setAz(kind == 42 ? null : ZONES[i % ZONES.length]);
      out.add(e);
    }
    return out;
  }

  private static int serializedBytes(DeploymentGroupStatus status) {
    return Serialization.asJson(status).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void fiftyThousandInstancesAreATableWellUnderOneMib() {
    List<InstanceInventoryEntry> inventory = inventory(50_000);
    DeploymentGroupStatus listed = new DeploymentGroupStatus();
    listed.setInstances(inventory);
    DeploymentGroupStatus status = new DeploymentGroupStatus();
    status.setInstanceCount(50_000);

    GroupInventory.store(status, inventory);

    assertThat(status.getInstances()).isNull();
    assertThat(status.getInstanceTable()).isNotNull();
    assertThat(serializedBytes(listed)).as("as entries").isGreaterThan(3_000_000);
    assertThat(serializedBytes(status)).as("as the table").isLessThan(800 * 1024);
    assertThat(GroupInventory.present(status)).isTrue();
    // Read back through the status as the API server returns it.
    DeploymentGroupStatus read =
        Serialization.unmarshal(Serialization.asJson(status), DeploymentGroupStatus.class);
    assertThat(StatusUpdater.sameJson(GroupInventory.of(read), inventory)).isTrue();
  }

  @Test
  void upToFiveThousandInstancesAreEntries() {
    List<InstanceInventoryEntry> inventory = inventory(GroupInventory.TABLE_ABOVE);
    DeploymentGroupStatus status = new DeploymentGroupStatus();
    status.setInstanceTable("left from when the group was larger");

    GroupInventory.store(status, inventory);

    assertThat(status.getInstanceTable()).isNull();
    assertThat(status.getInstances()).isSameAs(inventory);
    assertThat(GroupInventory.of(status)).isSameAs(inventory);
    assertThat(GroupInventory.present(new DeploymentGroupStatus())).isFalse();
    assertThat(GroupInventory.of(new DeploymentGroupStatus())).isEmpty();
  }

  @Test
  void aTableThatIsNotOneSaysWhatIsWrong() {
    DeploymentGroupStatus status = new DeploymentGroupStatus();
    status.setInstanceTable("not base64 gzip!");
    assertThatThrownBy(() -> GroupInventory.of(status))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("status.instanceTable of the DeploymentGroup");
  }
}
