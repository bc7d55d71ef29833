package io.fleetdeploy.fleet;

/** The fleet port's parts, as one operator uses them. */
public record FleetServices(
    Fleet fleet,
    HostExecutor hosts,
    LifecycleHooks lifecycleHooks,
    RevisionStore revisions,
    LoadBalancers loadBalancers,
    Alarms alarms,
    TopicPublisher topics) {

  /** Without SNS: trigger notifications to SNS topics fail (and are counted as failed). */
  public FleetServices(
      Fleet fleet,
      HostExecutor hosts,
      LifecycleHooks lifecycleHooks,
      RevisionStore revisions,
      LoadBalancers loadBalancers,
      Alarms alarms) {
    this(fleet, hosts, lifecycleHooks, revisions, loadBalancers, alarms, TopicPublisher.NONE);
  }
}
