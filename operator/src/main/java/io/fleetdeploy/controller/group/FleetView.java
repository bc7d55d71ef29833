package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.controller.Targeting;
import io.fleetdeploy.fleet.Fleet;
import io.fleetdeploy.fleet.FleetInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each group's targets are, refreshed from the fleet when the spec changed and otherwise at
 * most every refresh interval: group reconciles are frequent (every change of their Deployments)
 * and must not each cost fleet-wide AWS calls.
 */
final class FleetView {
  record Snapshot(List<FleetInstance> instances, Instant takenAt, long generation) {}

  private final Fleet fleet;
  private final Clock clock;
  private final Duration refreshInterval;
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

  FleetView(Fleet fleet, Clock clock, Duration refreshInterval) {
    this.fleet = fleet;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
  }

  /**
   * The group's targets, fresh enough; {@link io.fleetdeploy.fleet.FleetException} when the fleet
   * cannot say.
   */
  Snapshot targets(DeploymentGroup group) {
    String uid = group.getMetadata().getUid();
    long generation = group.getMetadata().getGeneration();
    Snapshot known = snapshots.get(uid);
    Instant now = clock.instant();
    if (known != null
        && known.generation() == generation
        && known.takenAt().plus(refreshInterval).isAfter(now)) {
      return known;
    }
    Snapshot fresh =
        new Snapshot(
            fleet.findTargets(Targeting.selector(group.getSpec().getTargets())), now, generation);
    snapshots.put(uid, fresh);
    return fresh;
  }

  void forget(DeploymentGroup group) {
    snapshots.remove(group.getMetadata().getUid());
  }

  Duration refreshInterval() {
    return refreshInterval;
  }
}
