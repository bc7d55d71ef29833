package io.fleetdeploy.rollout;

/** An instance's health as it was before this deployment touched it. */
public enum Health {
  HEALTHY,
  UNHEALTHY
}
