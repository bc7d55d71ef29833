package io.fleetdeploy.api.v1alpha1;

/** Health of an instance in its deployment group. */
public enum InstanceHealth {
  Healthy,
  Unhealthy,
  Unknown
}
