package io.fleetdeploy.fleet;

/** What went wrong talking to the fleet, and whether retrying can help. */
public enum FleetError {
  /** The revision's object or version does not exist, or its digest is not the expected one. */
  REVISION_MISSING(false),
  /** No instance matches the group's targets. */
  NO_INSTANCES(false),
  /** An Auto Scaling group or lifecycle hook is missing or misconfigured. */
  AUTO_SCALING_CONFIGURATION(false),
  /** The caller is not allowed to do this (IAM). */
  ACCESS_DENIED(false),
  /** The request itself is invalid (a bug or a bad spec value that admission did not catch). */
  INVALID_REQUEST(false),
  /** The service throttled us beyond what the SDK's retries absorbed. */
  THROTTLED(true),
  /** Network errors, 5xx: retry later. */
  TRANSIENT(true);

  private final boolean retryable;

  FleetError(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
