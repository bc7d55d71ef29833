package io.fleetdeploy.simulator.fleet;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** An immutable copy of one host's state, safe to render outside the fleet's lock. */
public record InstanceSnapshot(
    String id,
    long seq,
    boolean onPremises,
    String availabilityZone,
    String privateIp,
    String instanceType,
    String imageId,
    String reservationId,
    Instant launchTime,
    Path root,
    Map<String, String> tags,
    InstanceState state,
    String stateTransitionReason,
    String stateReasonCode,
    String stateReasonMessage,
    Instant registeredAt,
    String groupName,
    LifecycleState lifecycle,
    boolean healthy) {

  /** Registered with SSM: on-premises servers always, EC2 instances once they first ran. */
  public boolean isSsmManaged() {
    return registeredAt != null;
  }
}
