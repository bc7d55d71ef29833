package io.fleetdeploy.simulator.fleet;

import java.time.Instant;
import java.util.List;

/** An immutable copy of one Auto Scaling group, its members and hooks. */
public record GroupSnapshot(
    String name,
    String arn,
    Instant createdTime,
    int minSize,
    int maxSize,
    int desiredCapacity,
    List<String> availabilityZones,
    List<GroupTag> tags,
    LaunchSpec launchSpec,
    List<Member> members,
    List<LifecycleHook> hooks) {

  /** One instance as the group sees it. */
  public record Member(
      String instanceId,
      String groupName,
      String instanceType,
      String availabilityZone,
      LifecycleState lifecycle,
      boolean healthy,
      LaunchSpec launchSpec) {}
}
