package io.fleetdeploy.controller;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * A DeploymentGroup's inventory (each target instance with its AZ, the revision it runs and its
 * health), whatever the layout of its status: the one way to read it (group controller, deployment
 * ordering, dashboard, kubectl plugin).
 *
 * <p>Up to {@value #TABLE_ABOVE} instances, {@code status.instances} has one entry per instance.
 * Above, one entry each would outgrow the object (50,000 entries are about 4 MB; etcd takes 1.5
 * MiB, and the CRD allows 10,000 items): {@code status.instanceTable} then holds every instance, in
 * inventory order, as compact lines (id, revision, health, AZ), gzip-compressed and in base64
 * (about 13 bytes an instance), and {@code status.instances} is left out. The same layout as a
 * Deployment's instance table ({@link InstanceResults}).
 */
public final class GroupInventory {
  /** Above this many instances the status uses the table. */
  public static final int TABLE_ABOVE = 5_000;

  private GroupInventory() {}

  /** Every instance of the group, in inventory order; empty before the first inventory. */
  public static List<InstanceInventoryEntry> of(DeploymentGroup group) {
    return group.getStatus() == null ? List.of() : of(group.getStatus());
  }

  /** Every instance of a group's status, in inventory order. */
  public static List<InstanceInventoryEntry> of(DeploymentGroupStatus status) {
    if (status.getInstanceTable() != null) {
      return decode(status.getInstanceTable());
    }
    return status.getInstances() == null ? List.of() : status.getInstances();
  }

  /** Whether the status has an inventory at all (a refresh has listed the targets). */
  public static boolean present(DeploymentGroupStatus status) {
    return status.getInstanceTable() != null || status.getInstances() != null;
  }

  /**
   * Puts {@code inventory} (every instance) into {@code status}: as entries up to {@value
   * #TABLE_ABOVE}, else as the table.
   */
  public static void store(DeploymentGroupStatus status, List<InstanceInventoryEntry> inventory) {
    if (inventory.size() <= TABLE_ABOVE) {
      status.setInstanceTable(null);
      status.setInstances(inventory);
      return;
    }
    status.setInstances(null);
    status.setInstanceTable(encode(inventory));
  }

  static String encode(List<InstanceInventoryEntry> inventory) {
    StringBuilder lines = new StringBuilder(inventory.size() * 48);
    for (InstanceInventoryEntry e : inventory) {
      lines
          .append(e.getId())
          .append('\t')
          .append(e.getRevision() == null ? "" : e.getRevision())
          .append('\t')
          .append(e.getHealth() == null ? "" : e.getHealth().name())
          .append('\t')
          .append(e.getAz() == null ? "" : e.getAz())
          .append('\n');
    }
    return CompressedTable.pack(lines);
  }

  static List<InstanceInventoryEntry> decode(String table) {
    String text =
        CompressedTable.unpack(
            table,
            "status.instanceTable of the DeploymentGroup is not a fleetdeploy inventory table");
    List<InstanceInventoryEntry> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      InstanceInventoryEntry e = new InstanceInventoryEntry();
      e.setId(f[0]);
      e.setRevision(f.length > 1 ? f[1] : "");
      e.setHealth(f.length > 2 && !f[2].isEmpty() ? InstanceHealth.valueOf(f[2]) : null);
      e.setAz(f.length > 3 && !f[3].isEmpty() ? f[3] : null);
      out.add(e);
    }
    return out;
  }
}
