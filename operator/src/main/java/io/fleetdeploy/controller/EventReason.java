package io.fleetdeploy.controller;

/**
 * The fixed list of Kubernetes Event reasons fleetdeploy emits: alerting rules and dashboards can
 * rely on them.
 */
public enum EventReason {
  // Deployment
  Queued(false),
  Started(false),
  BatchStarted(false),
  TrafficBlocked(false),
  TrafficAllowed(false),
  AlarmActive(true),
  AlarmUnreadable(true),
  InstanceFailed(true),
  Succeeded(false),
  Failed(true),
  Stopped(true),
  RollbackStarted(true),
  RollbackSkipped(true),
  InvalidSpec(true),
  StepStarted(false),
  // DeploymentGroup
  DeploymentCreated(false),
  DeploymentSuperseded(false),
  LifecycleHookInstalled(false),
  LifecycleHookRepaired(true),
  LifecycleHookRemoved(false),
  LaunchDeploymentStarted(false),
  LaunchCompleted(false),
  LaunchAbandoned(true),
  LaunchesDegraded(true),
  TerminationReleased(false),
  TargetsChanged(false),
  // Application
  GroupMissing(true);

  private final boolean warning;

  EventReason(boolean warning) {
    this.warning = warning;
  }

  public String type() {
    return warning ? "Warning" : "Normal";
  }
}
