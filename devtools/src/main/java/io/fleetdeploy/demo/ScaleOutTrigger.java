package io.fleetdeploy.demo;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import java.util.List;
import java.util.Optional;

/**
 * When the demo scales demo-asg out: mid-way through a rollout, once its first batch has succeeded,
 * so that the launch hook, the launch Deployment and the revision rules for instances joining a
 * rollout all show.
 */
final class ScaleOutTrigger {
  private ScaleOutTrigger() {}

  /**
   * The rollout (not itself an Auto Scaling launch) whose first batch succeeded, if there is one.
   */
  static Optional<Deployment> firstBatchSucceeded(ClusterSnapshot snapshot) {
    return snapshot.deployments().stream()
        .filter(d -> !"autoscaling".equals(DeploymentFacts.creator(d)))
        .filter(ScaleOutTrigger::firstBatchDone)
        .findFirst();
  }

  private static boolean firstBatchDone(Deployment d) {
    List<InstanceStatus> first =
        DeploymentFacts.instances(d).stream()
            .filter(i -> i.getBatch() != null && i.getBatch() == 1)
            .toList();
    return !first.isEmpty()
        && first.stream().allMatch(i -> i.getStatus() == ExecutionStatus.Succeeded);
  }
}
