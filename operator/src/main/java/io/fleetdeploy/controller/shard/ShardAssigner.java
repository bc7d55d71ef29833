package io.fleetdeploy.controller.shard;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.sharding.ShardMove;
import io.fleetdeploy.sharding.ShardRing;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every DeploymentGroup and Application a shard label, by the {@link ShardRing} over the key
 * {@code namespace/application}: an Application and all its groups land in one shard, so the
 * Application's summary of its groups needs no other shard's objects. Deployments follow their
 * group. A group whose shard is no longer the ring's choice (shards were added or removed) moves
 * only when none of its Deployments is queued or in progress: the replica that started a rollout
 * finishes it (see {@link ShardMove}).
 *
 * <p>One pass looks at the objects without a shard (a cheap label-selected list), the objects of
 * shards no longer configured, and the moves held back last time; a full pass over every group runs
 * when this replica becomes the assigner (shard changes come with new replicas, so with a new
 * assigner) and every {@code fullPassEvery} passes.
 */
public final class ShardAssigner {
  private static final Logger LOG = LoggerFactory.getLogger(ShardAssigner.class);

  private final KubernetesClient client;
  private final ShardRing ring;
  private final Set<String> namespaces;
  private final int fullPassEvery;
  private final Set<String> held = new LinkedHashSet<>();
  private int passes;

  /**
   * @param namespaces the namespaces the operator watches; empty means all
   */
  public ShardAssigner(
      KubernetesClient client, ShardRing ring, Set<String> namespaces, int fullPassEvery) {
    this.client = client;
    this.ring = ring;
    this.namespaces = Set.copyOf(namespaces);
    this.fullPassEvery = fullPassEvery;
  }

  /** One pass; returns how many objects it labelled. */
  public synchronized int pass() {
    boolean full = passes++ % fullPassEvery == 0;
    String unassigned = "!" + Labels.SHARD;
    String gone = Labels.SHARD + " notin (" + String.join(",", ring.shards()) + ")";
    int labelled = 0;
    for (String selector : full ? List.of("") : List.of(unassigned, gone)) {
      for (Application app : list(Application.class, selector)) {
        labelled += assignApplication(app);
      }
      for (DeploymentGroup group : list(DeploymentGroup.class, selector)) {
        labelled += assignGroup(group);
      }
    }
    for (String key : List.copyOf(held)) {
      String[] parts = key.split("/", 2);
      DeploymentGroup group =
          client.resources(DeploymentGroup.class).inNamespace(parts[0]).withName(parts[1]).get();
      if (group == null) {
        held.remove(key);
      } else {
        labelled += assignGroup(group);
      }
    }
    return labelled;
  }

  /** Groups the assigner holds in their shard until their rollouts end, as namespace/name. */
  public synchronized Set<String> held() {
    return Set.copyOf(held);
  }

  private int assignApplication(Application app) {
    String key = app.getMetadata().getNamespace() + "/" + app.getMetadata().getName();
    ShardMove move = ShardMove.decide(ring, key, shardOf(app), false);
    if (move == ShardMove.KEEP) {
      return 0;
    }
    return label(Application.class, app, ring.ownerOf(key)) ? 1 : 0;
  }

  private int assignGroup(DeploymentGroup group) {
    String namespace = group.getMetadata().getNamespace();
    String name = group.getMetadata().getName();
    String key = namespace + "/" + group.getSpec().getApplicationRef().getName();
    String owner = ring.ownerOf(key);
    String current = shardOf(group);
    if (ShardMove.decide(ring, key, current, false) == ShardMove.KEEP) {
      held.remove(namespace + "/" + name);
      return 0;
    }
    List<Deployment> deployments =
        client.resources(Deployment.class).inNamespace(namespace).list().getItems().stream()
            .filter(d -> name.equals(d.getSpec().getDeploymentGroupRef().getName()))
            .toList();
    boolean inProgress = deployments.stream().anyMatch(ShardAssigner::inProgress);
    ShardMove move = ShardMove.decide(ring, key, current, inProgress);
    if (move == ShardMove.HOLD) {
      if (held.add(namespace + "/" + name)) {
        LOG.info(
            "{}/{} stays in shard {} until its deployments end (then moves to {})",
            namespace,
            name,
            current,
            owner);
      }
      return 0;
    }
    // The Deployments first: the new owner then finds the group's history when it sees the group.
    for (Deployment deployment : deployments) {
      if (!owner.equals(shardOf(deployment))) {
        label(Deployment.class, deployment, owner);
      }
    }
    boolean done = label(DeploymentGroup.class, group, owner);
    if (done) {
      held.remove(namespace + "/" + name);
      LOG.info(
          "{}/{} {} shard {}",
          namespace,
          name,
          move == ShardMove.ASSIGN ? "assigned to" : "moved from " + current + " to",
          owner);
    }
    return done ? 1 : 0;
  }

  /** Queued or in progress, or not yet looked at by its controller. */
  static boolean inProgress(Deployment deployment) {
    DeploymentPhase phase =
        deployment.getStatus() == null ? null : deployment.getStatus().getPhase();
    return phase == null
        || phase == DeploymentPhase.Created
        || phase == DeploymentPhase.Queued
        || phase == DeploymentPhase.InProgress;
  }

  private <T extends HasMetadata> List<T> list(Class<T> type, String selector) {
    List<T> out = new ArrayList<>();
    if (namespaces.isEmpty()) {
      var all = client.resources(type).inAnyNamespace();
      out.addAll(
          (selector.isEmpty() ? all.list() : all.withLabelSelector(selector).list()).getItems());
    } else {
      for (String namespace : namespaces) {
        var in = client.resources(type).inNamespace(namespace);
        out.addAll(
            (selector.isEmpty() ? in.list() : in.withLabelSelector(selector).list()).getItems());
      }
    }
    return out;
  }

  /** Sets the shard label; false when the object changed or went meanwhile (next pass). */
  private <T extends HasMetadata> boolean label(Class<T> type, T object, String shard) {
    try {
      client
          .resources(type)
          .inNamespace(object.getMetadata().getNamespace())
          .withName(object.getMetadata().getName())
          .edit(
              o -> {
                Map<String, String> labels =
                    o.getMetadata().getLabels() == null
                        ? new java.util.HashMap<>()
                        : new java.util.HashMap<>(o.getMetadata().getLabels());
                labels.put(Labels.SHARD, shard);
                o.getMetadata().setLabels(labels);
                return o;
              });
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  static String shardOf(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.SHARD);
  }
}
