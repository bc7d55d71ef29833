package io.fleetdeploy.api.v1alpha1;

/** A predefined deployment configuration, as in CodeDeploy. */
public enum PredefinedDeploymentConfig {
  AllAtOnce,
  HalfAtATime,
  OneAtATime
}
