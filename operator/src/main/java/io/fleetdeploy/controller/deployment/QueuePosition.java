package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentCreator;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * One active Deployment per group. CodeDeploy refuses a second one; fleetdeploy queues it: the
 * Deployment running, else the first unfinished one (rollbacks first, then by creation) goes; the
 * others wait behind it. Auto Scaling launch deployments do not queue: they target only a new
 * instance that no rollout covers, and the instance waits in its lifecycle hook meanwhile.
 */
final class QueuePosition {
  private static final Comparator<Deployment> ORDER =
      Comparator.comparing((Deployment d) -> Creators.of(d) == DeploymentCreator.ROLLBACK ? 0 : 1)
          .thenComparing(d -> Objects.toString(d.getMetadata().getCreationTimestamp(), ""))
          .thenComparing(QueuePosition::sequence)
          .thenComparing(d -> d.getMetadata().getName());

  private QueuePosition() {}

  /**
   * The queue order among Deployments created in the same second (creation timestamps have whole
   * seconds): the resource version of the object when the operator first sees it untouched, which
   * is its creation's, and grows with every write to the API server. Names do not order ({@code
   * web-v10} sorts before {@code web-v9}).
   */
  /**
   * A Deployment's place in the queue: the sequence recorded in its status, or, not recorded yet
   * (the operator has not seen it, or its cached copy is older than the write), the one it will be
   * given, which its current resource version is.
   */
  static long sequence(Deployment deployment) {
    return deployment.getStatus() != null && deployment.getStatus().getQueueSequence() != null
        ? deployment.getStatus().getQueueSequence()
        : sequenceAtFirstSight(deployment);
  }

  static long sequenceAtFirstSight(Deployment deployment) {
    try {
      return Long.parseLong(deployment.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return Long.MAX_VALUE - 1;
    }
  }

  /** The Deployment this one waits for, or empty when it may run. */
  static Optional<Deployment> behind(Deployment deployment, Collection<Deployment> namespacePeers) {
    if (Creators.of(deployment) == DeploymentCreator.AUTOSCALING) {
      return Optional.empty();
    }
    String group = deployment.getSpec().getDeploymentGroupRef().getName();
    var contenders =
        namespacePeers.stream()
            .filter(d -> group.equals(d.getSpec().getDeploymentGroupRef().getName()))
            .filter(d -> Creators.of(d) != DeploymentCreator.AUTOSCALING)
            .filter(d -> !finished(d) || sameObject(d, deployment))
            .toList();
    Optional<Deployment> running =
        contenders.stream()
            .filter(d -> !sameObject(d, deployment))
            .filter(
                d ->
                    d.getStatus() != null && d.getStatus().getPhase() == DeploymentPhase.InProgress)
            .findFirst();
    if (running.isPresent()) {
      return running;
    }
    return contenders.stream().min(ORDER).filter(first -> !sameObject(first, deployment));
  }

  private static boolean finished(Deployment d) {
    return d.getStatus() != null
        && d.getStatus().getPhase() != null
        && d.getStatus().getPhase().finished();
  }

  private static boolean sameObject(Deployment a, Deployment b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName());
  }
}
