package io.fleetdeploy.rollout;

import java.util.List;

/**
 * The instances a rollback goes to. CodeDeploy redeploys the last good revision to the whole group;
 * fleetdeploy goes back only where the ended deployment may have changed something.
 */
public final class RollbackTargets {
  private RollbackTargets() {}

  /**
   * The instances the deployment touched: those that succeeded, failed, or were still in progress
   * (their scripts may have run part-way). Pending and skipped instances were never touched. In
   * rollout order, so the rollback goes first where the failed deployment went first.
   */
  public static List<String> touched(List<InstanceProgress> finalStatuses) {
    return RolloutOrder.order(finalStatuses).stream()
        .filter(instance -> instance.status().wasStarted())
        .map(InstanceProgress::id)
        .toList();
  }
}
