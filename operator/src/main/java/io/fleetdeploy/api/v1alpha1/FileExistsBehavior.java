package io.fleetdeploy.api.v1alpha1;

/**
 * What Install does with a file at a destination that the previous successful deployment did not
 * install.
 */
public enum FileExistsBehavior {
  DISALLOW,
  OVERWRITE,
  RETAIN
}
