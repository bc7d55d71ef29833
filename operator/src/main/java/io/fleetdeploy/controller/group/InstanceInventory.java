package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.controller.InstanceResults;
import io.fleetdeploy.fleet.FleetInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The group's compact inventory: each target instance with its AZ, the revision it runs and its
 * health. Health and revision come from the latest finished deployment that reached the instance (a
 * success: healthy, on that revision; a failure: unhealthy, revision unknown), else from what the
 * inventory said before (so pruned history loses nothing).
 */
public final class InstanceInventory {
  static final int REVISION_CHARS = 12;

  private InstanceInventory() {}

  static List<InstanceInventoryEntry> build(
      List<FleetInstance> targets,
      List<InstanceInventoryEntry> previous,
      List<Deployment> finishedOldestFirst) {
    Map<String, InstanceInventoryEntry> known = known(previous, finishedOldestFirst);
    List<InstanceInventoryEntry> out = new ArrayList<>();
    for (FleetInstance target : targets) {
      InstanceInventoryEntry before = known.get(target.id());
      out.add(
          entry(
              target.id(),
              before == null ? "" : before.getRevision(),
              before == null ? InstanceHealth.Unknown : before.getHealth(),
              target.availabilityZone()));
    }
    return out;
  }

  /**
   * What is known of each instance: the inventory as it was, updated by the deployments that
   * finished since (oldest first), so a result not yet in the group's status still counts.
   */
  public static Map<String, InstanceInventoryEntry> known(
      List<InstanceInventoryEntry> previous, List<Deployment> finishedOldestFirst) {
    Map<String, InstanceInventoryEntry> known = new HashMap<>();
    if (previous != null) {
      previous.forEach(e -> known.put(e.getId(), e));
    }
    for (Deployment d : finishedOldestFirst) {
      if (d.getStatus().getRevision() == null) {
        continue;
      }
      String revision = shortDigest(d.getStatus().getRevision().getSha256());
      for (InstanceStatus i : InstanceResults.of(d)) {
        if (i.getStatus() == ExecutionStatus.Succeeded) {
          known.put(i.getId(), entry(i.getId(), revision, InstanceHealth.Healthy, null));
        } else if (i.getStatus() == ExecutionStatus.Failed) {
          known.put(i.getId(), entry(i.getId(), "", InstanceHealth.Unhealthy, null));
        }
      }
    }
    return known;
  }

  public static String shortDigest(String sha256) {
    return sha256 == null ? "" : sha256.substring(0, Math.min(REVISION_CHARS, sha256.length()));
  }

  private static InstanceInventoryEntry entry(
      String id, String revision, InstanceHealth health, String az) {
    InstanceInventoryEntry e = new InstanceInventoryEntry();
    e.setId(id);
    e.setRevision(revision);
    e.setHealth(health);
    e.setAz(az == null || az.isEmpty() ? null : az);
    return e;
  }
}
