package io.fleetdeploy.simulator.fleet;

/** An EC2 state change as TerminateInstances / StopInstances / StartInstances report it. */
public record StateChange(String instanceId, InstanceState previous, InstanceState current) {}
