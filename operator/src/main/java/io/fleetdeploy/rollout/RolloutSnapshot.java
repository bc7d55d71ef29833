package io.fleetdeploy.rollout;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the rollout decision depends on, as the controller rebuilds it from a Deployment's
 * status. Nothing here changes with time or with who asks, so a restarted operator that rebuilds
 * the same snapshot gets the same decision.
 *
 * @param minimumHealthyHosts the minimum resolved when the deployment started (kept in status, not
 *     recomputed: the fleet or the group's configuration may change later)
 * @param batchPolicy pacing and cap
 * @param instances every target instance, in a deterministic order (e.g. by id); the decision
 *     applies {@link RolloutOrder} itself
 * @param batchesStarted how many batches have been started so far
 * @param stopRequested whether a stop was requested; the controller keeps it once set, since a stop
 *     cannot be taken back once instances were skipped
 */
public record RolloutSnapshot(
    int minimumHealthyHosts,
    BatchPolicy batchPolicy,
    List<InstanceProgress> instances,
    int batchesStarted,
    boolean stopRequested) {

  public RolloutSnapshot {
    Objects.requireNonNull(batchPolicy, "batchPolicy");
    Objects.requireNonNull(instances, "instances");
    instances = List.copyOf(instances);
    if (minimumHealthyHosts < 0) {
      throw new IllegalArgumentException(
          "minimumHealthyHosts must not be negative, got " + minimumHealthyHosts);
    }
    if (batchesStarted < 0) {
      throw new IllegalArgumentException(
          "batchesStarted must not be negative, got " + batchesStarted);
    }
    Set<String> seen = new HashSet<>();
    for (InstanceProgress instance : instances) {
      if (!seen.add(instance.id())) {
        throw new IllegalArgumentException("instance " + instance.id() + " is listed twice");
      }
      if (batchesStarted == 0 && instance.status().wasStarted()) {
        throw new IllegalArgumentException(
            "instance "
                + instance.id()
                + " is "
                + instance.status()
                + " but no batch has been started (batchesStarted is 0)");
      }
    }
  }

  /** A deployment about to start: every instance pending, no batch yet, CodeDeploy pacing. */
  public static RolloutSnapshot atStart(int minimumHealthyHosts, List<InstanceProgress> instances) {
    return new RolloutSnapshot(minimumHealthyHosts, BatchPolicy.CODEDEPLOY, instances, 0, false);
  }

  public RolloutSnapshot withBatchPolicy(BatchPolicy policy) {
    return new RolloutSnapshot(
        minimumHealthyHosts, policy, instances, batchesStarted, stopRequested);
  }

  public RolloutSnapshot withInstances(List<InstanceProgress> newInstances, int newBatchesStarted) {
    return new RolloutSnapshot(
        minimumHealthyHosts, batchPolicy, newInstances, newBatchesStarted, stopRequested);
  }

  public RolloutSnapshot withStopRequested() {
    return new RolloutSnapshot(minimumHealthyHosts, batchPolicy, instances, batchesStarted, true);
  }
}
