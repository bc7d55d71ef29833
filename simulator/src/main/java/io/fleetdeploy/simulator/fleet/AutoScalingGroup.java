package io.fleetdeploy.simulator.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An Auto Scaling group. Mutable, guarded by the fleet's lock. */
final class AutoScalingGroup {
  final String name;
  final String arn;
  final Instant createdTime;
  final List<String> availabilityZones;
  final List<GroupTag> tags;
  final LaunchSpec launchSpec;
  int minSize;
  int maxSize;
  int desiredCapacity;
  final Map<String, LifecycleHook> hooks = new LinkedHashMap<>();
  final Set<String> members = new LinkedHashSet<>();

  AutoScalingGroup(
      String name,
      String arn,
      Instant createdTime,
      List<String> availabilityZones,
      List<GroupTag> tags,
      LaunchSpec launchSpec,
      int minSize,
      int maxSize,
      int desiredCapacity) {
    this.name = name;
    this.arn = arn;
    this.createdTime = createdTime;
    this.availabilityZones = List.copyOf(availabilityZones);
    this.tags = new ArrayList<>(tags);
    this.launchSpec = launchSpec;
    this.minSize = minSize;
    this.maxSize = maxSize;
    this.desiredCapacity = desiredCapacity;
  }

  List<LifecycleHook> hooksFor(String transition) {
    return hooks.values().stream().filter(h -> h.transition().equals(transition)).toList();
  }
}
