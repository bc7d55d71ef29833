package io.fleetdeploy.api.v1alpha1;

/** What happens to instances that join while a rollout runs. */
public enum OutdatedInstances {
  Update,
  Ignore
}
