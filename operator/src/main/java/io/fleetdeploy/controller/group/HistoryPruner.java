package io.fleetdeploy.controller.group;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import java.util.List;
import java.util.Optional;

/**
 * Keeps at most {@code revisionHistoryLimit} finished Deployments the group created itself (its
 * declared revisions, rollbacks, follow-ups), and as many Auto Scaling launches apart, so a busy
 * Auto Scaling group never pushes real rollouts out of history; never the last successful one.
 * Deployments users (or Argo CD) created are theirs to delete: deleting them here would make GitOps
 * tools create them again, and roll them out again.
 */
final class HistoryPruner {
  static final int DEFAULT_LIMIT = 10;
  private final KubernetesClient client;

  HistoryPruner(KubernetesClient client) {
    this.client = client;
  }

  void prune(DeploymentGroup group, GroupDeployments mine) {
    int limit =
        group.getSpec().getRevisionHistoryLimit() == null
            ? DEFAULT_LIMIT
            : group.getSpec().getRevisionHistoryLimit();
    Optional<String> keep = mine.lastSucceeded().map(d -> d.getMetadata().getName());
    List<Deployment> ours =
        mine.finishedInOrder().stream()
            .filter(d -> GroupDeploymentFactory.ownedBy(d, group))
            .filter(d -> keep.map(k -> !k.equals(d.getMetadata().getName())).orElse(true))
            .toList();
    delete(ours.stream().filter(d -> !GroupDeployments.launch(d)).toList(), limit);
    // Failed launches in a row are what degrades the group: the streak is never pruned.
    delete(
        ours.stream().filter(GroupDeployments::launch).toList(),
        Math.max(limit, LaunchKeeper.maxFailures(group)));
  }

  /** Deletes all but the last {@code keep} of these, oldest first. */
  private void delete(List<Deployment> oldestFirst, int keep) {
    for (Deployment old : oldestFirst.subList(0, Math.max(0, oldestFirst.size() - keep))) {
      client
          .resources(Deployment.class)
          .inNamespace(old.getMetadata().getNamespace())
          .withName(old.getMetadata().getName())
          .delete();
    }
  }
}
