package io.fleetdeploy.controller.group;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.DeclaredRevisionStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
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
 * rolling out, create the Deployment for it. Exactly one per declaration: the group records in its
 * status ({@code declaredRevision}) the revision identity and {@code spec.retry} it created a
 * Deployment for, and while they match, nothing new is made, whatever happened to that Deployment
 * (a failed rollout of it, or its pruning from history, creates nothing). To roll a failed revision
 * out again, raise {@code spec.retry} or declare another revision.
 */
final class DesiredRevision {

  private final GroupDeploymentFactory factory;
  private final KubernetesClient client;

  DesiredRevision(GroupDeploymentFactory factory, KubernetesClient client) {
    this.factory = factory;
    this.client = client;
  }

  /**
   * Creates the Deployment for the declared revision if one is due, and records it in {@code
   * status}.
   */
  void reconcile(
      DeploymentGroup group,
      GroupDeployments mine,
      DeploymentGroupStatus status,
      GroupEvents events) {
    Revision declared = group.getSpec().getRevision();
    if (declared == null) {
      return;
    }
    String identity = RevisionIdentity.of(declared);
    int retry = group.getSpec().getRetry() == null ? 0 : group.getSpec().getRetry();
    DeclaredRevisionStatus recorded = status.getDeclaredRevision();
    if (recorded != null
        && identity.equals(recorded.getIdentity())
        && retry == (recorded.getRetry() == null ? 0 : recorded.getRetry())) {
      return;
    }
    List<Deployment> declaredRollouts =
        mine.all().stream()
            .filter(d -> labels(d).containsKey(Labels.REVISION_DIGEST))
            .sorted(
                Comparator.comparing(
                        (Deployment d) ->
                            Objects.toString(d.getMetadata().getCreationTimestamp(), ""))
                    .thenComparing(d -> d.getMetadata().getName()))
            .toList();
    if (recorded == null && retry == 0) {
      // No record yet (a new group, or one an earlier version made): adopt what already covers it.
      Optional<Deployment> covering =
          declaredRollouts.stream()
              .filter(d -> identity.equals(labels(d).get(Labels.REVISION_DIGEST)))
              .reduce((a, b) -> b)
              .or(
                  () ->
                      declaredRollouts.isEmpty() ? alreadyThere(mine, identity) : Optional.empty());
      if (covering.isPresent()) {
        status.setDeclaredRevision(record(identity, retry, covering.get().getMetadata().getName()));
        return;
      }
    }
    String name =
        GroupDeploymentFactory.name(
            group.getMetadata().getName(), identity + "-" + group.getMetadata().getGeneration());
    boolean created =
        factory.create(
            group,
            name,
            "deploymentGroup",
            declared,
            List.of(),
            "Declared revision of DeploymentGroup "
                + group.getMetadata().getName()
                + " (generation "
                + group.getMetadata().getGeneration()
                + (retry == 0 ? "" : ", retry " + retry)
                + ")",
            Map.of(Labels.REVISION_DIGEST, identity));
    status.setDeclaredRevision(record(identity, retry, name));
    if (created) {
      events.add(
          EventReason.DeploymentCreated,
          "Created Deployment "
              + name
              + " for the declared revision "
              + describe(declared)
              + (retry == 0 ? "" : " (retry " + retry + ")"));
    }
    if (Boolean.TRUE.equals(group.getSpec().getSupersede())) {
      for (Deployment older : declaredRollouts) {
        if (!older.getMetadata().getName().equals(name)
            && !GroupDeployments.finished(older)
            && !Boolean.TRUE.equals(older.getSpec().getStop())) {
          client
              .resources(Deployment.class)
              .inNamespace(older.getMetadata().getNamespace())
              .withName(older.getMetadata().getName())
              .edit(
                  d -> {
                    d.getSpec().setStop(true);
                    if (d.getMetadata().getAnnotations() == null) {
                      d.getMetadata().setAnnotations(new java.util.HashMap<>());
                    }
                    d.getMetadata().getAnnotations().put(Labels.SUPERSEDED_BY, name);
                    return d;
                  });
          events.add(
              EventReason.DeploymentSuperseded,
              "Stopped Deployment "
                  + older.getMetadata().getName()
                  + ": superseded by "
                  + name
                  + " (spec.supersede)");
        }
      }
    }
  }

  private static DeclaredRevisionStatus record(String identity, int retry, String deployment) {
    DeclaredRevisionStatus record = new DeclaredRevisionStatus();
    record.setIdentity(identity);
    record.setRetry(retry == 0 ? null : retry);
    record.setDeployment(deployment);
    return record;
  }

  /** Without any declared rollout yet, the revision may already be running or rolling out. */
  private static Optional<Deployment> alreadyThere(GroupDeployments mine, String identity) {
    Optional<Deployment> converging =
        mine.unfinished().stream()
            .filter(d -> !GroupDeployments.launch(d))
            .max(
                Comparator.comparing(
                    d -> Objects.toString(d.getMetadata().getCreationTimestamp(), "")));
    if (converging.isPresent()) {
      return converging.filter(
          d -> identity.equals(RevisionIdentity.of(d.getSpec().getRevision())));
    }
    return mine.lastSucceeded()
        .filter(d -> identity.equals(RevisionIdentity.of(d.getSpec().getRevision())));
  }

  private static Map<String, String> labels(Deployment d) {
    return d.getMetadata().getLabels() == null ? Map.of() : d.getMetadata().getLabels();
  }

  static String describe(Revision revision) {
    if (revision.getS3() != null) {
      return "s3://"
          + revision.getS3().getBucket()
          + "/"
          + revision.getS3().getKey()
          + (revision.getS3().getVersion() == null
              ? ""
              : "?versionId=" + revision.getS3().getVersion());
    }
    return revision.getUrl().getUrl();
  }
}
