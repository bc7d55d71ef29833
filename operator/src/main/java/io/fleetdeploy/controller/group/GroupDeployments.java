package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.controller.Labels;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A group's Deployments, as the group controller reads them: what runs, what last succeeded. */
record GroupDeployments(List<Deployment> all) {

  static final Comparator<Deployment> BY_COMPLETION =
      Comparator.comparing(
              (Deployment d) -> Objects.toString(d.getStatus().getCompletionTime(), ""))
          .thenComparing(d -> Objects.toString(d.getMetadata().getCreationTimestamp(), ""))
          .thenComparing(d -> d.getMetadata().getName());

  static boolean finished(Deployment d) {
    return d.getStatus() != null
        && d.getStatus().getPhase() != null
        && d.getStatus().getPhase().finished();
  }

  static boolean launch(Deployment d) {
    Map<String, String> labels = d.getMetadata().getLabels();
    return labels != null && "autoscaling".equals(labels.get(Labels.CREATOR));
  }

  /** Finished deployments, oldest completion first. */
  List<Deployment> finishedInOrder() {
    return all.stream().filter(GroupDeployments::finished).sorted(BY_COMPLETION).toList();
  }

  /** The group rollout running now (launch deployments of single new instances aside). */
  Optional<Deployment> active() {
    return all.stream()
        .filter(d -> !launch(d))
        .filter(
            d -> d.getStatus() != null && d.getStatus().getPhase() == DeploymentPhase.InProgress)
        .findFirst();
  }

  /** Deployments not finished yet (running, queued, just created). */
  List<Deployment> unfinished() {
    return all.stream().filter(d -> !finished(d)).toList();
  }

  /** The latest group rollout that succeeded: its revision is what the fleet runs. */
  Optional<Deployment> lastSucceeded() {
    return all.stream()
        .filter(d -> !launch(d))
        .filter(GroupDeployments::finished)
        .filter(d -> d.getStatus().getPhase() == DeploymentPhase.Succeeded)
        .max(BY_COMPLETION);
  }

  /**
   * The newest group rollout (by creation; not a launch, not an automatic rollback), finished or
   * not: what the group last set out to deploy.
   */
  Optional<Deployment> newestRollout() {
    return all.stream()
        .filter(d -> !launch(d))
        .filter(d -> !rollback(d))
        .max(
            Comparator.comparing(
                    (Deployment d) -> Objects.toString(d.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(
                    d ->
                        d.getStatus() == null || d.getStatus().getQueueSequence() == null
                            ? 0L
                            : d.getStatus().getQueueSequence())
                .thenComparing(d -> d.getMetadata().getName()));
  }

  static boolean rollback(Deployment d) {
    Map<String, String> labels = d.getMetadata().getLabels();
    return labels != null && "rollback".equals(labels.get(Labels.CREATOR));
  }

  /** The Deployment of this name, if it is one of the group's. */
  Optional<Deployment> named(String name) {
    return all.stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst();
  }
}
