package io.fleetdeploy.api.v1alpha1;

/** The events a trigger can notify, with CodeDeploy's trigger event names. */
public enum TriggerEvent {
  DeploymentStart,
  DeploymentSuccess,
  DeploymentFailure,
  DeploymentStop,
  DeploymentRollback,
  /** Blue/green only in CodeDeploy: accepted, never sent by in-place deployments. */
  DeploymentReady,
  InstanceStart,
  InstanceSuccess,
  InstanceFailure,
  /** Blue/green only in CodeDeploy: accepted, never sent by in-place deployments. */
  InstanceReady
}
