package io.fleetdeploy.simulator.fleet;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A simulated host (EC2 instance or on-premises server). Mutable, guarded by the fleet's lock. */
final class Instance {
  final String id;
  final long seq;
  final boolean onPremises;
  final String availabilityZone;
  final String privateIp;
  final String instanceType;
  final String imageId;
  final String reservationId;
  final Instant launchTime;
  final Path root;
  final Map<String, String> tags = new LinkedHashMap<>();

  InstanceState state;
  Instant transitionAt;
  String stateTransitionReason = "";
  String stateReasonCode;
  String stateReasonMessage;
  Instant terminatedAt;
  Instant registeredAt;

  String groupName;
  LifecycleState lifecycle;
  boolean healthy = true;
  final Map<String, LifecycleAction> actions = new LinkedHashMap<>();

  Instance(
      String id,
      long seq,
      boolean onPremises,
      String availabilityZone,
      String privateIp,
      String instanceType,
      String imageId,
      String reservationId,
      Instant launchTime,
      Path root) {
    this.id = id;
    this.seq = seq;
    this.onPremises = onPremises;
    this.availabilityZone = availabilityZone;
    this.privateIp = privateIp;
    this.instanceType = instanceType;
    this.imageId = imageId;
    this.reservationId = reservationId;
    this.launchTime = launchTime;
    this.root = root;
  }

  InstanceSnapshot snapshot() {
    return new InstanceSnapshot(
        id,
        seq,
        onPremises,
        availabilityZone,
        privateIp,
        instanceType,
        imageId,
        reservationId,
        launchTime,
        root,
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags)),
        state,
        stateTransitionReason,
        stateReasonCode,
        stateReasonMessage,
        registeredAt,
        groupName,
        lifecycle,
        healthy);
  }
}
