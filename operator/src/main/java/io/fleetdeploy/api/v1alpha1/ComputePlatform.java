package io.fleetdeploy.api.v1alpha1;

/** The compute platform of an application. */
public enum ComputePlatform {
  Server
}
