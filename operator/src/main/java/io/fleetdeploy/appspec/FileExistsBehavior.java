package io.fleetdeploy.appspec;

/**
 * What Install does with a file that already exists at a destination but was not installed by the
 * previous deployment of the same deployment group.
 */
public enum FileExistsBehavior {
  /** Fail the deployment (the default). */
  DISALLOW,
  /** Replace the file with the revision's copy. */
  OVERWRITE,
  /** Keep the file on the host and skip the revision's copy. */
  RETAIN
}
