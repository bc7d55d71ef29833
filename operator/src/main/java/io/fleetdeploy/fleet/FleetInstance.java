package io.fleetdeploy.fleet;

import java.util.Map;
import java.util.Optional;

/**
 * One instance as the fleet sees it.
 *
 * @param id instance id, {@code i-...} (EC2) or {@code mi-...} (on-premises)
 * @param availabilityZone AZ, empty for on-premises instances
 * @param state EC2 state
 * @param tags the instance's tags
 * @param autoScalingGroup the Auto Scaling group it belongs to, if any
 * @param lifecycleState its Auto Scaling lifecycle state ({@code InService}, {@code Pending:Wait},
 *     ...)
 */
public record FleetInstance(
    String id,
    String availabilityZone,
    InstanceState state,
    Map<String, String> tags,
    Optional<String> autoScalingGroup,
    Optional<String> lifecycleState) {

  public FleetInstance {
    tags = Map.copyOf(tags);
  }

  public boolean onPremises() {
    return id.startsWith("mi-");
  }
}
