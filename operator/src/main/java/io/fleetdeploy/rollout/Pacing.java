package io.fleetdeploy.rollout;

/** When the next batch may start. */
public enum Pacing {
  /**
   * CodeDeploy's behaviour and the default: the next batch starts only when every instance of the
   * previous one has a result. Batches are waves; a failing wave is seen whole before more
   * instances are put at risk.
   */
  WAVES,
  /**
   * The next instances start as soon as capacity frees up (an instance succeeds and the healthy
   * count rises above the minimum again). Faster on fleets whose hosts take uneven time; more
   * instances may be in flight when a failure shows.
   */
  ROLLING
}
