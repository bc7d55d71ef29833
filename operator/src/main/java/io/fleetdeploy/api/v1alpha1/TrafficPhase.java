package io.fleetdeploy.api.v1alpha1;

/** Where a batch is with its load balancers. */
public enum TrafficPhase {
  /** Recorded before the instances are deregistered: deregistering, then draining. */
  Blocking,
  /** Drained: the hosts run their lifecycle events. */
  Blocked,
  /** The hosts are done: registered again, waiting until healthy. */
  Allowing,
  /** Back in service (or given up on: see the instances' errorCode). */
  Allowed
}
