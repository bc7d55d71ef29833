package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.rollout.Health;
import io.fleetdeploy.rollout.InstanceProgress;
import io.fleetdeploy.rollout.RevisionState;
import io.fleetdeploy.rollout.RolloutOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a deployment's targets in rollout order, using what the group knows of each instance
 * (health after its last deployment, the revision it runs).
 */
final class InstanceOrder {
  private InstanceOrder() {}

  static List<InstanceProgress> of(List<String> sortedIds, DeploymentGroup group, String targetSha256) {
    Map<String, InstanceInventoryEntry> inventory = new HashMap<>();
    if (group.getStatus() != null && group.getStatus().getInstances() != null) {
      group.getStatus().getInstances().forEach(e -> inventory.put(e.getId(), e));
    }
    String target = targetSha256 == null ? "" : targetSha256.substring(0, Math.min(12, targetSha256.length()));
    List<InstanceProgress> instances = sortedIds.stream().map(id -> {
      InstanceInventoryEntry known = inventory.get(id);
      Health health = known != null && known.getHealth() == InstanceHealth.Unhealthy ? Health.UNHEALTHY : Health.HEALTHY;
      RevisionState revision = known == null || known.getRevision() == null || known.getRevision().isEmpty()
          ? RevisionState.UNKNOWN
          : target.startsWith(known.getRevision()) || known.getRevision().startsWith(target)
              ? RevisionState.CURRENT : RevisionState.OLD;
      return InstanceProgress.pending(id, health, revision);
    }).toList();
    return RolloutOrder.order(instances);
  }
}
