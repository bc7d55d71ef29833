package io.fleetdeploy.rollout;

import java.util.ArrayList;
import java.util.List;

/** Fleets for tests: ids {@code i-001}, {@code i-002}, ... so the input order is the id order. */
final class TestFleet {
  private TestFleet() {}

  static String id(int index) {
    return String.format("i-%03d", index + 1);
  }

  /** {@code n} healthy instances on an old revision, all pending. */
  static List<InstanceProgress> healthy(int n) {
    List<InstanceProgress> instances = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      instances.add(InstanceProgress.pending(id(i), Health.HEALTHY, RevisionState.OLD));
    }
    return instances;
  }

  static InstanceProgress instance(String id, Health health, InstanceStatus status) {
    return new InstanceProgress(id, health, RevisionState.OLD, status);
  }

  /** The snapshot a deployment of {@code configuration} to {@code instances} starts from. */
  static RolloutSnapshot start(
      DeploymentConfiguration configuration, List<InstanceProgress> instances) {
    return RolloutSnapshot.atStart(configuration.minimumHealthyHosts(instances.size()), instances);
  }
}
