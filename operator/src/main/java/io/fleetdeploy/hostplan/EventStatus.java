package io.fleetdeploy.hostplan;

/** How a lifecycle event ended on a host. */
public enum EventStatus {
  Succeeded,
  Failed,
  Skipped
}
