package io.fleetdeploy.fleet;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Finds instances. Implementations always filter and paginate; no unfiltered fleet-wide calls. */
public interface Fleet {
  /**
   * The instances a selector targets, sorted by id, excluding terminated and shutting-down ones and
   * Auto Scaling members on their way out of their group (Terminating, Detaching). Every Auto
   * Scaling member, however it was found, carries its group and lifecycle state, so members waiting
   * in a launch hook ({@code Pending:Wait}) can be told apart.
   */
  List<FleetInstance> findTargets(TargetSelector selector);

  /** The current state of the given instances; ids the fleet no longer knows are absent. */
  Map<String, FleetInstance> describe(Collection<String> instanceIds);
}
