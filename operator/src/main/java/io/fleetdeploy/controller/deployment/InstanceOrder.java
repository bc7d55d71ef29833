package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.controller.GroupInventory;
import io.fleetdeploy.controller.group.InstanceInventory;
import io.fleetdeploy.rollout.Health;
import io.fleetdeploy.rollout.InstanceProgress;
import io.fleetdeploy.rollout.RevisionState;
import io.fleetdeploy.rollout.RolloutOrder;
import java.util.List;
import java.util.Map;

/**
 * Puts a deployment's targets in rollout order, using what the group knows of each instance (health
 * after its last deployment, the revision it runs). As in CodeDeploy, an instance is healthy only
 * when its last deployment succeeded: one never deployed to, or stopped, is unhealthy.
 */
final class InstanceOrder {
  private InstanceOrder() {}

  static List<InstanceProgress> of(
      List<String> sortedIds,
      java.util.Set<String> stopped,
      DeploymentGroup group,
      java.util.Collection<io.fleetdeploy.api.v1alpha1.Deployment> peers,
      String targetSha256) {
    // The group's inventory may lag its Deployments (it is written after them): both are read.
    List<io.fleetdeploy.api.v1alpha1.Deployment> finished =
        peers.stream()
            .filter(
                d ->
                    d.getStatus() != null
                        && d.getStatus().getPhase() != null
                        && d.getStatus().getPhase().finished())
            .sorted(
                java.util.Comparator.comparing(
                    d -> java.util.Objects.toString(d.getStatus().getCompletionTime(), "")))
            .toList();
    Map<String, InstanceInventoryEntry> inventory =
        InstanceInventory.known(GroupInventory.of(group), finished);
    String target =
        targetSha256 == null ? "" : targetSha256.substring(0, Math.min(12, targetSha256.length()));
    List<InstanceProgress> instances =
        sortedIds.stream()
            .map(
                id -> {
                  InstanceInventoryEntry known = inventory.get(id);
                  Health health =
                      known != null
                              && known.getHealth() == InstanceHealth.Healthy
                              && !stopped.contains(id)
                          ? Health.HEALTHY
                          : Health.UNHEALTHY;
                  RevisionState revision =
                      known == null || known.getRevision() == null || known.getRevision().isEmpty()
                          ? RevisionState.UNKNOWN
                          : target.startsWith(known.getRevision())
                                  || known.getRevision().startsWith(target)
                              ? RevisionState.CURRENT
                              : RevisionState.OLD;
                  return InstanceProgress.pending(id, health, revision);
                })
            .toList();
    return RolloutOrder.order(instances);
  }
}
