package io.fleetdeploy.api.v1alpha1;

/** Status of an instance or of a lifecycle event on an instance. */
public enum ExecutionStatus {
  Pending,
  InProgress,
  Succeeded,
  Failed,
  Skipped,
  Unknown
}
