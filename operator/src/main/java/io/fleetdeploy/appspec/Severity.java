package io.fleetdeploy.appspec;

/** How bad a problem found in an AppSpec is: an error stops the deployment, a warning does not. */
public enum Severity {
  ERROR,
  WARNING
}
