package io.fleetdeploy.fleet;

/** The fleet port's parts, as one operator uses them. */
public record FleetServices(
    Fleet fleet,
    HostExecutor hosts,
    LifecycleHooks lifecycleHooks,
    RevisionStore revisions,
    LoadBalancers loadBalancers,
    Alarms alarms,
    TopicPublisher topics) {}
