package io.fleetdeploy.rollout;

import java.util.Optional;

/**
 * Decides, as early as it can be known, that a deployment cannot meet its minimum healthy hosts. It
 * assumes the best from here on (everything in progress and everything still to start succeeds); if
 * even that fails, the deployment is failed now rather than after more instances are put at risk.
 * Skipped instances count as not started, so the verdict does not change when the controller marks
 * them.
 *
 * <p>At the end of a deployment nobody skipped (nothing pending or in progress) this is exactly
 * CodeDeploy's rule: it succeeds if and only if at least the minimum succeeded and at least one
 * did.
 */
final class HealthProjection {
  private HealthProjection() {}

  /** Why the minimum can no longer be met, or empty while it still can. */
  static Optional<String> shortfall(FleetTally tally, int minimumHealthyHosts) {
    int total = tally.total();
    int failed = tally.overview().failed();
    int atMost = tally.atMostHealthy();
    if (atMost < minimumHealthyHosts) {
      return Optional.of(
          failedOf(failed, tally.overview().left(), total)
              + ": at most "
              + atMost
              + " can end healthy, below the minimum healthy hosts of "
              + minimumHealthyHosts);
    }
    if (atMost == 0) {
      return Optional.of(
          failedOf(failed, tally.overview().left(), total)
              + ": a deployment needs at least one success");
    }
    // Only instances that were unhealthy may start without spending healthy capacity; with the
    // capacity gone for good, healthy ones still waiting can never be deployed to.
    if (tally.unstartedHealthy() > 0 && atMost <= minimumHealthyHosts) {
      return Optional.of(
          failedOf(failed, tally.overview().left(), total)
              + ": the "
              + tally.unstartedHealthy()
              + " healthy "
              + (tally.unstartedHealthy() == 1 ? "instance" : "instances")
              + " not deployed to cannot be taken out of service without the healthy count"
              + " dropping below the minimum healthy hosts of "
              + minimumHealthyHosts);
    }
    return Optional.empty();
  }

  private static String failedOf(int failed, int left, int total) {
    if (left > 0) {
      return failed + " of " + total + " instances failed and " + left + " left the fleet";
    }
    if (failed == total) {
      return total == 1 ? "the only instance failed" : "all " + total + " instances failed";
    }
    return failed + " of " + total + " instances failed";
  }
}
