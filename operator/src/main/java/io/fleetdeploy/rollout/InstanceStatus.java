package io.fleetdeploy.rollout;

/**
 * An instance's status within one deployment. CodeDeploy's {@code Unknown} has no place here: the
 * controller resolves a lost result to {@link #FAILED}, or keeps {@link #IN_PROGRESS} until it
 * knows.
 */
public enum InstanceStatus {
  /** Not started; may still be. */
  PENDING,
  /** Started; its result is not known yet. */
  IN_PROGRESS,
  SUCCEEDED,
  /**
   * Failed for any reason: a script, a timeout, the instance terminated or stopped mid-deployment,
   * or its agent never picked the command up ({@code AGENT_ISSUE}). The arithmetic treats them all
   * alike.
   */
  FAILED,
  /** Never started, because the deployment failed or was stopped first. */
  SKIPPED,
  /**
   * Left the fleet (terminated, or gone) before it was started: never deployed to and not a failure
   * of the deployment, but it can no longer count as healthy.
   */
  LEFT;

  /** True if the deployment started this instance (its result may not be known yet). */
  public boolean wasStarted() {
    return this == IN_PROGRESS || this == SUCCEEDED || this == FAILED;
  }
}
