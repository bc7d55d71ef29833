package io.fleetdeploy.api.v1alpha1;

/** The archive format of a revision bundle, as in CodeDeploy. */
public enum BundleType {
  zip,
  tar,
  tgz
}
