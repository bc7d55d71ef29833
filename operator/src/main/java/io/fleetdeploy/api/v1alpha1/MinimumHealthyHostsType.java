package io.fleetdeploy.api.v1alpha1;

/** How the minimum number of healthy hosts is expressed. */
public enum MinimumHealthyHostsType {
  HOST_COUNT,
  FLEET_PERCENT
}
