package io.fleetdeploy.controller.deployment;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentCreator;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.controller.PinnedRevisions;
import io.fleetdeploy.rollout.EndedDeployment;
import io.fleetdeploy.rollout.RollbackDecider;
import io.fleetdeploy.rollout.RollbackVerdict;
import io.fleetdeploy.rollout.RolloutOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rolls back what a failed or stopped deployment changed: a new Deployment (creator rollback,
 * linked both ways) of the group's last successful revision to only the instances the ended one
 * touched. Hosts that still hold that revision's bundle need no download.
 */
final class RollbackLauncher {
  private final KubernetesClient client;
  private final RollbackDecider decider = new RollbackDecider();

  RollbackLauncher(KubernetesClient client) {
    this.client = client;
  }

  void maybeRollBack(
      Deployment ended,
      DeploymentGroup group,
      List<Deployment> peers,
      DeploymentProgress progress) {
    DeploymentSettings settings = DeploymentSettings.resolve(ended, group);
    java.util.Optional<String> supersededBy = DeploymentStarter.superseded(ended);
    if (supersededBy.isPresent()) {
      // Stopped to make way for a newer revision: rolling back would only delay it.
      progress.rollbackInfo(null, null, "no rollback: superseded by " + supersededBy.get());
      return;
    }
    PinnedRevision lastGood = lastSuccessful(ended, group, peers);
    RolloutOutcome outcome =
        progress.phase() == DeploymentPhase.Stopped
            ? RolloutOutcome.STOPPED
            : RolloutOutcome.FAILED;
    RollbackVerdict verdict =
        decider.decide(
            settings.rollbackPolicy(),
            new EndedDeployment(
                outcome,
                Creators.of(ended) == DeploymentCreator.ROLLBACK,
                lastGood != null,
                progress.snapshot(false).instances(),
                Creators.of(ended) == DeploymentCreator.AUTOSCALING,
                AlarmWatch.stoppedByAlarm(progress)));
    if (verdict instanceof RollbackVerdict.NoRollback no) {
      if (settings.rollbackPolicy().enabled()) {
        progress.rollbackInfo(null, null, "no rollback: " + no.reason());
        progress.event(EventReason.RollbackSkipped, no.reason());
      }
      return;
    }
    RollbackVerdict.RollBack rollBack = (RollbackVerdict.RollBack) verdict;
    List<String> instances = new ArrayList<>(rollBack.instanceIds());
    launchedWithItsRevision(progress, peers).stream()
        .filter(id -> !instances.contains(id))
        .forEach(instances::add);
    String name = rollbackName(ended);
    Deployment rollback = new Deployment();
    rollback.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ended.getMetadata().getNamespace())
            .withLabels(rollbackLabels(group))
            .withAnnotations(Map.of(Labels.ROLLBACK_OF, ended.getMetadata().getName()))
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(group.getApiVersion())
                    .withKind(group.getKind())
                    .withName(group.getMetadata().getName())
                    .withUid(group.getMetadata().getUid())
                    .build())
            .build());
    DeploymentSpec spec = new DeploymentSpec();
    ObjectReference groupRef = new ObjectReference();
    groupRef.setName(group.getMetadata().getName());
    spec.setDeploymentGroupRef(groupRef);
    spec.setRevision(PinnedRevisions.asDeclared(lastGood));
    spec.setInstanceIds(instances);
    spec.setDescription(
        "Automatic rollback of " + ended.getMetadata().getName() + " to " + lastGood.getSummary());
    spec.setIgnoreApplicationStopFailures(true);
    // Going back to the known-good revision is the cure for a firing alarm, not to be stopped by
    // it.
    spec.setIgnoreAlarms(true);
    rollback.setSpec(spec);
    try {
      client.resource(rollback).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Already created by an earlier attempt of this reconcile (e.g. before a restart).
    }
    String message =
        "rolling back "
            + instances.size()
            + " instance(s) to "
            + lastGood.getSummary()
            + " ("
            + rollBack.trigger().apiName()
            + ")";
    progress.rollbackInfo(name, null, message);
    progress.event(EventReason.RollbackStarted, "Deployment " + name + " is " + message);
  }

  /**
   * The revision of the group's latest successful rollout, read from its Deployments (the group's
   * status may not have caught up with one that just succeeded), else from the group's status (the
   * Deployment may have been pruned from history).
   */
  private static PinnedRevision lastSuccessful(
      Deployment ended, DeploymentGroup group, List<Deployment> peers) {
    return peers.stream()
        .filter(d -> !d.getMetadata().getName().equals(ended.getMetadata().getName()))
        .filter(d -> Creators.of(d) != DeploymentCreator.AUTOSCALING)
        .filter(
            d ->
                d.getStatus() != null
                    && d.getStatus().getPhase() == DeploymentPhase.Succeeded
                    && d.getStatus().getRevision() != null
                    && d.getStatus().getInstanceCount() != null
                    && d.getStatus().getInstanceCount() > 0)
        .max(
            java.util.Comparator.comparing(
                d -> Objects.toString(d.getStatus().getCompletionTime(), "")))
        .map(d -> d.getStatus().getRevision())
        .orElse(group.getStatus() == null ? null : group.getStatus().getLastSuccessfulRevision());
  }

  /**
   * Instances Auto Scaling launched while the ended deployment ran and that were given its revision
   * (it had been proven on a batch): touched by it as much as its own, so rolled back too.
   */
  private static List<String> launchedWithItsRevision(
      DeploymentProgress progress, List<Deployment> peers) {
    String sha =
        progress.status().getRevision() == null
            ? null
            : progress.status().getRevision().getSha256();
    String since = Objects.toString(progress.status().getStartTime(), "");
    if (sha == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Deployment peer : peers) {
      boolean launch = Creators.of(peer) == DeploymentCreator.AUTOSCALING;
      boolean sameRevision =
          peer.getStatus() != null
              && peer.getStatus().getRevision() != null
              && sha.equals(peer.getStatus().getRevision().getSha256());
      boolean during =
          peer.getStatus() != null
              && Objects.toString(peer.getStatus().getStartTime(), "").compareTo(since) >= 0;
      if (launch
          && sameRevision
          && during
          && peer.getSpec().getInstanceIds() != null
          && peer.getStatus().getPhase() != DeploymentPhase.InProgress) {
        out.addAll(peer.getSpec().getInstanceIds());
      }
    }
    return out;
  }

  static String rollbackName(Deployment ended) {
    String base = ended.getMetadata().getName();
    String suffix = "-rollback";
    return (base.length() + suffix.length() > 253 ? base.substring(0, 253 - suffix.length()) : base)
        + suffix;
  }

  /** Who made it, for which group, and the group's shard (the replica that owns it sees it). */
  static Map<String, String> rollbackLabels(DeploymentGroup group) {
    Map<String, String> labels = new java.util.HashMap<>(Labels.inheritedFrom(group));
    labels.put(Labels.CREATOR, "rollback");
    labels.put(Labels.DEPLOYMENT_GROUP, group.getMetadata().getName());
    return labels;
  }
}
