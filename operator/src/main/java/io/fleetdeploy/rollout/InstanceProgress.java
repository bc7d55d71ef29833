package io.fleetdeploy.rollout;

import java.util.Objects;

/**
 * One target instance of a deployment: what it was before (health and revision, fixed when the
 * deployment starts) and where it is now.
 *
 * @param id the instance id ({@code i-...} or {@code mi-...})
 * @param healthBefore its health before this deployment
 * @param revisionBefore its revision before this deployment
 * @param status its status in this deployment
 */
public record InstanceProgress(
    String id, Health healthBefore, RevisionState revisionBefore, InstanceStatus status) {

  public InstanceProgress {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("instance id must not be empty");
    }
    Objects.requireNonNull(healthBefore, () -> "healthBefore of " + id);
    Objects.requireNonNull(revisionBefore, () -> "revisionBefore of " + id);
    Objects.requireNonNull(status, () -> "status of " + id);
  }

  /** A target that has not been started yet. */
  public static InstanceProgress pending(
      String id, Health healthBefore, RevisionState revisionBefore) {
    return new InstanceProgress(id, healthBefore, revisionBefore, InstanceStatus.PENDING);
  }

  public InstanceProgress withStatus(InstanceStatus newStatus) {
    return new InstanceProgress(id, healthBefore, revisionBefore, newStatus);
  }

  /**
   * Whether the instance counts as healthy right now. A success makes it healthy and a failure
   * unhealthy; while in progress it is unhealthy (its application is being replaced); untouched
   * instances (pending or skipped) keep the health they had before.
   */
  public boolean isHealthyNow() {
    return switch (status) {
      case SUCCEEDED -> true;
      case IN_PROGRESS, FAILED, LEFT -> false;
      case PENDING, SKIPPED -> healthBefore == Health.HEALTHY;
    };
  }

  /**
   * Where the instance goes in the rollout order: unhealthy first, then unknown revision, then old,
   * then already current. Lower goes first.
   */
  public int orderClass() {
    if (healthBefore == Health.UNHEALTHY) {
      return 0;
    }
    return switch (revisionBefore) {
      case UNKNOWN -> 1;
      case OLD -> 2;
      case CURRENT -> 3;
    };
  }
}
