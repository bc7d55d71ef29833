package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.OutdatedInstances;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.InstanceResults;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.controller.PinnedRevisions;
import io.fleetdeploy.fleet.FleetInstance;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * CodeDeploy's outdated-instances strategy UPDATE: instances that joined while a rollout ran (so it
 * never targeted them) and do not run its revision get a follow-up Deployment when it succeeds;
 * after a successful rollback, instances that still run the revision rolled back (launched while it
 * rolled out) get the good one the same way.
 */
final class FollowUps {
  static final String SUFFIX = "followup";
  private final GroupDeploymentFactory factory;

  FollowUps(GroupDeploymentFactory factory) {
    this.factory = factory;
  }

  void reconcile(
      DeploymentGroup group,
      GroupDeployments mine,
      List<InstanceInventoryEntry> inventory,
      List<FleetInstance> targets,
      GroupEvents events) {
    if (group.getSpec().getOutdatedInstances() == OutdatedInstances.Ignore || inventory == null) {
      return;
    }
    Optional<Deployment> last = mine.lastSucceeded();
    // After a rollback too: an instance launched with the revision rolled back gets the good one.
    if (last.isEmpty()
        || !mine.unfinished().isEmpty()
        || isFollowUp(last.get())
        || InstanceResults.of(last.get()).isEmpty()) {
      return;
    }
    Deployment rollout = last.get();
    String name = GroupDeploymentFactory.name(rollout.getMetadata().getName(), SUFFIX);
    if (mine.all().stream().anyMatch(d -> d.getMetadata().getName().equals(name))) {
      return;
    }
    Set<String> covered =
        InstanceResults.of(rollout).stream().map(InstanceStatus::getId).collect(Collectors.toSet());
    // Instances still held by a lifecycle hook are their launch deployments' to serve.
    targets.stream()
        .filter(t -> t.lifecycleState().map(s -> s.endsWith(":Wait")).orElse(false))
        .forEach(t -> covered.add(t.id()));
    String revision = InstanceInventory.shortDigest(rollout.getStatus().getRevision().getSha256());
    List<String> outdated =
        inventory.stream()
            .filter(e -> !covered.contains(e.getId()))
            .filter(e -> !revision.equals(e.getRevision()))
            // An instance whose launch failed is being replaced by Auto Scaling: not one to follow
            // up.
            .filter(e -> e.getHealth() != io.fleetdeploy.api.v1alpha1.InstanceHealth.Unhealthy)
            .map(InstanceInventoryEntry::getId)
            .sorted()
            .toList();
    if (outdated.isEmpty()) {
      return;
    }
    if (factory.create(
        group,
        name,
        "deploymentGroup",
        PinnedRevisions.asDeclared(rollout.getStatus().getRevision()),
        outdated,
        "Follow-up of "
            + rollout.getMetadata().getName()
            + ": "
            + outdated.size()
            + " instance(s) joined while it ran (outdatedInstances: Update)",
        Map.of(Labels.FOLLOW_UP_OF, rollout.getMetadata().getName()))) {
      events.add(
          EventReason.DeploymentCreated,
          "Created follow-up Deployment "
              + name
              + " for "
              + outdated.size()
              + " instance(s) that joined while "
              + rollout.getMetadata().getName()
              + " ran");
    }
  }

  static boolean isFollowUp(Deployment d) {
    return d.getMetadata().getLabels() != null
        && d.getMetadata().getLabels().containsKey(Labels.FOLLOW_UP_OF);
  }
}
