package io.fleetdeploy.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks the next instances to start: as many pending instances, in rollout order, as the health
 * budget and the cap allow. Starting an instance that is unhealthy anyway costs no healthy
 * capacity; a healthy one costs one, and only {@code healthy - minimum} may be spent.
 */
final class BatchSelector {
  private BatchSelector() {}

  static List<String> select(FleetTally tally, int minimumHealthyHosts, BatchPolicy policy) {
    return select(tally, minimumHealthyHosts, policy, id -> true);
  }

  /**
   * As {@link #select(FleetTally, int, BatchPolicy)}, among the {@code eligible} instances only.
   */
  static List<String> select(
      FleetTally tally,
      int minimumHealthyHosts,
      BatchPolicy policy,
      java.util.function.Predicate<String> eligible) {
    int inProgress = tally.overview().inProgress();
    int room =
        policy.maxInProgress().isPresent()
            ? Math.max(policy.maxInProgress().getAsInt() - inProgress, 0)
            : Integer.MAX_VALUE;
    int healthyBudget = tally.healthyNow() - minimumHealthyHosts;
    List<String> batch = new ArrayList<>();
    for (InstanceProgress instance : tally.ordered()) {
      if (room == 0) {
        break;
      }
      if (instance.status() != InstanceStatus.PENDING || !eligible.test(instance.id())) {
        continue;
      }
      if (instance.healthBefore() == Health.UNHEALTHY) {
        batch.add(instance.id());
        room--;
      } else if (healthyBudget > 0) {
        batch.add(instance.id());
        healthyBudget--;
        room--;
      }
    }
    return batch;
  }
}
