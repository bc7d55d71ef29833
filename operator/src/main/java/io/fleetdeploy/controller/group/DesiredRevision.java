package io.fleetdeploy.controller.group;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.Labels;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The GitOps path: when the group's declared {@code spec.revision} is not what the group runs or is
 * rolling out, create the Deployment for it. Exactly one per declaration: the newest Deployment the
 * group made for its declared revision carries that revision's identity, and while it matches,
 * nothing new is made (re-applying a manifest, or a failed rollout of it, creates nothing; to retry
 * a failed revision, delete its Deployment or change the declaration).
 */
final class DesiredRevision {

  private final GroupDeploymentFactory factory;
  private final KubernetesClient client;

  DesiredRevision(GroupDeploymentFactory factory, KubernetesClient client) {
    this.factory = factory;
    this.client = client;
  }

  /** Creates the Deployment for the declared revision if one is due; returns events to record. */
  void reconcile(DeploymentGroup group, GroupDeployments mine, GroupEvents events) {
    Revision declared = group.getSpec().getRevision();
    if (declared == null) {
      return;
    }
    String identity = RevisionIdentity.of(declared);
    List<Deployment> declaredRollouts = mine.all().stream()
        .filter(d -> labels(d).containsKey(Labels.REVISION_DIGEST))
        .sorted(Comparator.comparing((Deployment d) -> Objects.toString(d.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(d -> d.getMetadata().getName()))
        .toList();
    Optional<Deployment> newest = declaredRollouts.isEmpty() ? Optional.empty()
        : Optional.of(declaredRollouts.get(declaredRollouts.size() - 1));
    if (newest.isPresent() && identity.equals(labels(newest.get()).get(Labels.REVISION_DIGEST))) {
      return;
    }
    if (newest.isEmpty() && alreadyThere(mine, identity)) {
      return;
    }
    String name = GroupDeploymentFactory.name(group.getMetadata().getName(),
        identity + "-" + group.getMetadata().getGeneration());
    boolean created = factory.create(group, name, "deploymentGroup", declared, List.of(),
        "Declared revision of DeploymentGroup " + group.getMetadata().getName() + " (generation "
            + group.getMetadata().getGeneration() + ")",
        Map.of(Labels.REVISION_DIGEST, identity));
    if (created) {
      events.add(EventReason.DeploymentCreated, "Created Deployment " + name + " for the declared revision "
          + describe(declared));
    }
    if (Boolean.TRUE.equals(group.getSpec().getSupersede())) {
      for (Deployment older : declaredRollouts) {
        if (!GroupDeployments.finished(older) && !Boolean.TRUE.equals(older.getSpec().getStop())) {
          client.resources(Deployment.class).inNamespace(older.getMetadata().getNamespace())
              .withName(older.getMetadata().getName()).edit(d -> {
                d.getSpec().setStop(true);
                if (d.getMetadata().getAnnotations() == null) {
                  d.getMetadata().setAnnotations(new java.util.HashMap<>());
                }
                d.getMetadata().getAnnotations().put(Labels.SUPERSEDED_BY, name);
                return d;
              });
          events.add(EventReason.DeploymentSuperseded, "Stopped Deployment " + older.getMetadata().getName()
              + ": superseded by " + name + " (spec.supersede)");
        }
      }
    }
  }

  /** Without any declared rollout yet, the revision may already be running or rolling out. */
  private static boolean alreadyThere(GroupDeployments mine, String identity) {
    Optional<Deployment> converging = mine.unfinished().stream().filter(d -> !GroupDeployments.launch(d))
        .max(Comparator.comparing(d -> Objects.toString(d.getMetadata().getCreationTimestamp(), "")));
    if (converging.isPresent()) {
      return identity.equals(RevisionIdentity.of(converging.get().getSpec().getRevision()));
    }
    return mine.lastSucceeded().map(d -> identity.equals(RevisionIdentity.of(d.getSpec().getRevision())))
        .orElse(false);
  }

  private static Map<String, String> labels(Deployment d) {
    return d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
  }

  static String describe(Revision revision) {
    if (revision.getS3() != null) {
      return "s3://" + revision.getS3().getBucket() + "/" + revision.getS3().getKey()
          + (revision.getS3().getVersion() == null ? "" : "?versionId=" + revision.getS3().getVersion());
    }
    return revision.getUrl().getUrl();
  }
}
