package io.fleetdeploy.rollout;

import java.util.List;

/**
 * CodeDeploy's deployment overview: how many instances are in each status, plus those that left the
 * fleet before their turn ({@code left}, which CodeDeploy has no count for).
 */
public record RolloutOverview(
    int pending, int inProgress, int succeeded, int failed, int skipped, int left) {

  public RolloutOverview(int pending, int inProgress, int succeeded, int failed, int skipped) {
    this(pending, inProgress, succeeded, failed, skipped, 0);
  }

  public static RolloutOverview of(List<InstanceProgress> instances) {
    int pending = 0;
    int inProgress = 0;
    int succeeded = 0;
    int failed = 0;
    int skipped = 0;
    int left = 0;
    for (InstanceProgress instance : instances) {
      switch (instance.status()) {
        case PENDING -> pending++;
        case IN_PROGRESS -> inProgress++;
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        case SKIPPED -> skipped++;
        case LEFT -> left++;
      }
    }
    return new RolloutOverview(pending, inProgress, succeeded, failed, skipped, left);
  }

  public static RolloutOverview of(RolloutSnapshot snapshot) {
    return of(snapshot.instances());
  }

  public int total() {
    return pending + inProgress + succeeded + failed + skipped + left;
  }

  /**
   * Succeeded out of all targets, e.g. {@code 6/10}, for a printer column: it reads like {@code
   * kubectl}'s READY column, and the phase column says whether the rest failed.
   */
  public String progress() {
    return succeeded + "/" + total();
  }
}
