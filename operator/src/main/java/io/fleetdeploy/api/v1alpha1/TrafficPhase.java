package io.fleetdeploy.api.v1alpha1;

/** Where a batch is with its load balancers. */
public enum TrafficPhase {
  /**
   * Recorded before the hosts are sent BeforeBlockTraffic (host part 1): they run it while still in
   * service; deregistering follows.
   */
  BeforeBlock,
  /** Recorded before the instances are deregistered: deregistering, then draining. */
  Blocking,
  /** Drained: the hosts run their lifecycle events. */
  Blocked,
  /** The hosts are done: registered again, waiting until healthy. */
  Allowing,
  /**
   * Back in service (or given up on: see the instances' errorCode); the hosts may still run
   * AfterAllowTraffic (host part 3).
   */
  Allowed
}
