package io.fleetdeploy.rollout;

/** Whether a deployment may start at all, decided before any host is touched. */
public sealed interface StartVerdict permits StartVerdict.Accepted, StartVerdict.Rejected {

  /**
   * The deployment may start.
   *
   * @param minimumHealthyHosts the minimum, resolved now, to keep in status for the whole
   *     deployment
   * @param explanation how it was computed, e.g. {@code 5 (FLEET_PERCENT 50 of 10 instances)}
   */
  record Accepted(int minimumHealthyHosts, String explanation) implements StartVerdict {}

  /** The deployment fails before it starts, with a message that shows the arithmetic. */
  record Rejected(RolloutErrorCode errorCode, String message) implements StartVerdict {}
}
