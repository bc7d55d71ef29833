package io.fleetdeploy.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * The counts the health arithmetic needs, taken once from the instances in rollout order.
 *
 * @param ordered the instances in rollout order
 * @param healthyNow instances healthy right now (see {@link InstanceProgress#isHealthyNow})
 * @param unstartedHealthy pending or skipped instances that were healthy before
 */
record FleetTally(
    List<InstanceProgress> ordered,
    RolloutOverview overview,
    int healthyNow,
    int unstartedHealthy) {

  static FleetTally of(List<InstanceProgress> instances) {
    List<InstanceProgress> ordered = RolloutOrder.order(instances);
    int healthyNow = 0;
    int unstartedHealthy = 0;
    for (InstanceProgress instance : ordered) {
      if (instance.isHealthyNow()) {
        healthyNow++;
      }
      if (!instance.status().wasStarted() && instance.healthBefore() == Health.HEALTHY) {
        unstartedHealthy++;
      }
    }
    return new FleetTally(ordered, RolloutOverview.of(ordered), healthyNow, unstartedHealthy);
  }

  int total() {
    return ordered.size();
  }

  /**
   * The most instances that can be healthy when the deployment ends: all but those that failed or
   * left the fleet, if everything in progress and everything still to start succeeds.
   */
  int atMostHealthy() {
    return total() - overview.failed() - overview.left();
  }

  List<String> idsWith(InstanceStatus status) {
    List<String> ids = new ArrayList<>();
    for (InstanceProgress instance : ordered) {
      if (instance.status() == status) {
        ids.add(instance.id());
      }
    }
    return ids;
  }
}
