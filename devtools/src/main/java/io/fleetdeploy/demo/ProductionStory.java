package io.fleetdeploy.demo;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.TrafficPhase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The production story: shows each batch leaving the target group, draining, and coming back
 * healthy; sets the CloudWatch alarm to ALARM once the second release's first batch is back in
 * service; expects that release to end Stopped with ALARM_ACTIVE, rolled back by a successful
 * rollback, and the group Degraded (RolledBack) at the end.
 */
final class ProductionStory implements StoryScript {
  private final DemoEnvironment env;
  private final Map<String, TrafficPhase> seen = new HashMap<>();
  private boolean alarmFired;

  ProductionStory(DemoEnvironment env) {
    this.env = env;
  }

  @Override
  public List<String> observe(ClusterSnapshot snapshot) {
    List<String> lines = new ArrayList<>();
    for (Deployment d : snapshot.deployments()) {
      if (d.getStatus() == null || d.getStatus().getBatches() == null) {
        continue;
      }
      for (BatchStatus batch : d.getStatus().getBatches()) {
        if (batch.getTraffic() == null) {
          continue;
        }
        String key = DeploymentFacts.key(d) + "#" + batch.getNumber();
        if (seen.put(key, batch.getTraffic()) != batch.getTraffic()) {
          lines.add(line(d, batch));
        }
      }
    }
    if (!alarmFired) {
      releaseFirstBatchDone(snapshot)
          .ifPresent(
              d -> {
                alarmFired = true;
                env.setAlarm(DemoFleet.ALARM, "ALARM");
                lines.add(
                    "alarm: the first batch of "
                        + DeploymentFacts.key(d)
                        + " is done and the 5xx rate climbs: CloudWatch alarm "
                        + DemoFleet.ALARM
                        + " goes to ALARM");
              });
    }
    return lines;
  }

  private String line(Deployment d, BatchStatus batch) {
    String prefix = DeploymentFacts.key(d) + " batch " + batch.getNumber() + ": ";
    return switch (batch.getTraffic()) {
      case BeforeBlock -> prefix + "the hosts run BeforeBlockTraffic, still in service";
      case Blocking ->
          prefix
              + "BlockTraffic: "
              + batch.getSize()
              + " instance(s) deregistered from target group "
              + DemoFleet.TARGET_GROUP
              + ", draining";
      case Blocked -> prefix + "drained; the hosts run their lifecycle events";
      case Allowing -> prefix + "AllowTraffic: registered again, waiting until healthy";
      case Allowed ->
          prefix
              + "back in service ("
              + env.healthyInTargetGroup()
              + " of "
              + env.registeredInTargetGroup()
              + " registered instances healthy in "
              + DemoFleet.TARGET_GROUP
              + ")";
    };
  }

  /**
   * The second release (not the first rollout, not a rollback) whose first batch's hosts all
   * succeeded: the alarm fires while that batch is on its way back into service, so the operator
   * reads it before the next batch starts.
   */
  private static Optional<Deployment> releaseFirstBatchDone(ClusterSnapshot snapshot) {
    boolean earlierSuccess =
        snapshot.deployments().stream()
            .anyMatch(
                d ->
                    "deploymentGroup".equals(DeploymentFacts.creator(d))
                        && DeploymentFacts.succeeded(d));
    if (!earlierSuccess) {
      return Optional.empty();
    }
    return snapshot.deployments().stream()
        .filter(d -> "deploymentGroup".equals(DeploymentFacts.creator(d)))
        .filter(d -> !DeploymentFacts.finished(d))
        .filter(ProductionStory::firstBatchSucceeded)
        .findFirst();
  }

  private static boolean firstBatchSucceeded(Deployment d) {
    List<io.fleetdeploy.api.v1alpha1.InstanceStatus> first =
        DeploymentFacts.instances(d).stream()
            .filter(i -> i.getBatch() != null && i.getBatch() == 1)
            .toList();
    return !first.isEmpty()
        && first.stream().allMatch(i -> i.getStatus() == ExecutionStatus.Succeeded);
  }

  @Override
  public boolean expectedEnding(Deployment deployment, ClusterSnapshot snapshot) {
    if (deployment.getStatus() == null
        || deployment.getStatus().getPhase() != DeploymentPhase.Stopped
        || deployment.getStatus().getErrorInformation() == null
        || deployment.getStatus().getErrorInformation().getCode() != ErrorCode.ALARM_ACTIVE
        || deployment.getStatus().getRollbackInfo() == null) {
      return false;
    }
    String rollback = deployment.getStatus().getRollbackInfo().getRollbackDeployment();
    return snapshot.deployments().stream()
        .anyMatch(
            d ->
                Objects.equals(d.getMetadata().getName(), rollback)
                    && DeploymentFacts.succeeded(d));
  }

  @Override
  public boolean expectedNotReady(DeploymentGroup group, ClusterSnapshot snapshot) {
    List<Condition> conditions =
        group.getStatus() == null || group.getStatus().getConditions() == null
            ? List.of()
            : group.getStatus().getConditions();
    return alarmFired
        && conditions.stream()
            .anyMatch(c -> "Degraded".equals(c.getType()) && "RolledBack".equals(c.getReason()));
  }
}
