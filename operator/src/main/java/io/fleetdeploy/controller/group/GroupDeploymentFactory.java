package io.fleetdeploy.controller.group;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.controller.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Creates the Deployments a group starts by itself (its declared revision, Auto Scaling launches,
 * follow-ups): owned by the group, labelled with who made them and why, idempotent by name.
 */
final class GroupDeploymentFactory {
  private static final int MAX_NAME = 253;

  private final KubernetesClient client;

  GroupDeploymentFactory(KubernetesClient client) {
    this.client = client;
  }

  /** Creates it unless a Deployment of that name exists; true when this call created it. */
  boolean create(
      DeploymentGroup group,
      String name,
      String creator,
      Revision revision,
      List<String> instanceIds,
      String description,
      Map<String, String> extraLabels) {
    Map<String, String> labels = new HashMap<>(extraLabels);
    // Created in the group's shard: the replica that owns the group sees it at once.
    labels.putAll(Labels.inheritedFrom(group));
    labels.put(Labels.CREATOR, creator);
    labels.put(Labels.DEPLOYMENT_GROUP, group.getMetadata().getName());
    Deployment deployment = new Deployment();
    deployment.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(group.getMetadata().getNamespace())
            .withLabels(labels)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(group.getApiVersion())
                    .withKind(group.getKind())
                    .withName(group.getMetadata().getName())
                    .withUid(group.getMetadata().getUid())
                    .withBlockOwnerDeletion(true)
                    .build())
            .build());
    DeploymentSpec spec = new DeploymentSpec();
    ObjectReference ref = new ObjectReference();
    ref.setName(group.getMetadata().getName());
    spec.setDeploymentGroupRef(ref);
    spec.setRevision(revision);
    spec.setInstanceIds(instanceIds.isEmpty() ? null : instanceIds);
    spec.setDescription(
        description.length() <= 1024 ? description : description.substring(0, 1023) + "…");
    deployment.setSpec(spec);
    try {
      client.resource(deployment).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  static boolean ownedBy(Deployment deployment, DeploymentGroup group) {
    return deployment.getMetadata().getOwnerReferences() != null
        && deployment.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> group.getMetadata().getUid().equals(o.getUid()));
  }

  /**
   * {@code base-suffix}, the base shortened (with a digest of it) when the whole would be too long.
   */
  static String name(String base, String suffix) {
    String name = base + "-" + suffix;
    if (name.length() <= MAX_NAME) {
      return name;
    }
    String digest = shortDigest(base);
    int keep = MAX_NAME - suffix.length() - digest.length() - 2;
    return base.substring(0, keep) + "-" + digest + "-" + suffix;
  }

  private static String shortDigest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
