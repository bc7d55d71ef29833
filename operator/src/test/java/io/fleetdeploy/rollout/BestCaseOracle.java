package io.fleetdeploy.rollout;

import java.util.List;

/**
 * An independent answer to "can this deployment still succeed?", for the property tests: replay the
 * rest of the deployment wave by wave, assuming every instance running or still to start succeeds,
 * and see whether it can deploy to every instance and end with the minimum healthy and at least one
 * success. Skipped instances count as still to start.
 */
final class BestCaseOracle {
  private BestCaseOracle() {}

  static boolean canStillSucceed(List<InstanceProgress> instances, int minimum) {
    int succeeded = 0;
    int waitingHealthy = 0;
    int waitingUnhealthy = 0;
    for (InstanceProgress instance : instances) {
      switch (instance.status()) {
        case SUCCEEDED, IN_PROGRESS -> succeeded++;
        case FAILED, LEFT -> {}
        case PENDING, SKIPPED -> {
          if (instance.healthBefore() == Health.HEALTHY) {
            waitingHealthy++;
          } else {
            waitingUnhealthy++;
          }
        }
      }
    }
    // Unhealthy instances cost no healthy capacity: one wave takes them all, and they come back
    // healthy.
    succeeded += waitingUnhealthy;
    int healthy = succeeded + waitingHealthy;
    while (waitingHealthy > 0) {
      int room = healthy - minimum;
      if (room <= 0) {
        return false;
      }
      int wave = Math.min(room, waitingHealthy);
      waitingHealthy -= wave;
      succeeded += wave;
    }
    return healthy >= minimum && succeeded >= 1;
  }
}
