package io.fleetdeploy.controller.shard;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.controller.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a Deployment created without a shard label (by a user, by Argo CD) its group's shard, so
 * that the replica owning the group sees it: the replicas of the group's shard watch the
 * Deployments that have no shard (a small, short-lived set), and the one that finds the group in
 * its own shard labels them. No admission webhook is needed. The informer's resync tries again
 * those whose group had no shard yet.
 */
public final class DeploymentAdopter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentAdopter.class);

  private final KubernetesClient client;
  private final String shard;
  private final List<SharedIndexInformer<Deployment>> informers = new ArrayList<>();

  public DeploymentAdopter(KubernetesClient client, String shard) {
    this.client = client;
    this.shard = shard;
  }

  /** Starts watching the namespaces (all when empty). */
  public DeploymentAdopter start(Set<String> namespaces, Duration resync) {
    ResourceEventHandler<Deployment> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Deployment deployment) {
            adopt(deployment);
          }

          @Override
          public void onUpdate(Deployment before, Deployment deployment) {
            adopt(deployment);
          }

          @Override
          public void onDelete(Deployment deployment, boolean finalStateUnknown) {}
        };
    String unlabelled = "!" + Labels.SHARD;
    if (namespaces.isEmpty()) {
      informers.add(
          client
              .resources(Deployment.class)
              .inAnyNamespace()
              .withLabelSelector(unlabelled)
              .inform(handler, resync.toMillis()));
    } else {
      for (String namespace : namespaces) {
        informers.add(
            client
                .resources(Deployment.class)
                .inNamespace(namespace)
                .withLabelSelector(unlabelled)
                .inform(handler, resync.toMillis()));
      }
    }
    return this;
  }

  /** Labels the Deployment with this replica's shard when its group is in it. */
  void adopt(Deployment deployment) {
    if (deployment.getSpec() == null || deployment.getSpec().getDeploymentGroupRef() == null) {
      return;
    }
    String namespace = deployment.getMetadata().getNamespace();
    DeploymentGroup group =
        client
            .resources(DeploymentGroup.class)
            .inNamespace(namespace)
            .withName(deployment.getSpec().getDeploymentGroupRef().getName())
            .get();
    if (group == null || !shard.equals(ShardAssigner.shardOf(group))) {
      return;
    }
    try {
      client
          .resources(Deployment.class)
          .inNamespace(namespace)
          .withName(deployment.getMetadata().getName())
          .edit(
              d -> {
                Map<String, String> labels =
                    d.getMetadata().getLabels() == null
                        ? new HashMap<>()
                        : new HashMap<>(d.getMetadata().getLabels());
                labels.putIfAbsent(Labels.SHARD, shard);
                d.getMetadata().setLabels(labels);
                return d;
              });
      LOG.info(
          "{}/{} joins shard {} with its group",
          namespace,
          deployment.getMetadata().getName(),
          shard);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        throw e;
      }
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
