package io.fleetdeploy.rollout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A random deployment for the property tests: fleet, configuration, pacing, which instances fail,
 * when a stop comes, in which order running instances finish. Everything derives from the fields,
 * so a failing scenario printed by {@link SeededCases} can be replayed.
 *
 * @param size the number of instances
 * @param unhealthyPercent the chance of each instance being unhealthy before the deployment
 * @param failurePercent the chance of each instance failing when it runs
 * @param stopBeforeStep the step before which a stop is requested, or negative for none
 * @param seed drives the fleet, the failures and the finishing order
 */
record RolloutScenario(
    int size,
    DeploymentConfiguration configuration,
    BatchPolicy policy,
    int unhealthyPercent,
    int failurePercent,
    int stopBeforeStep,
    long seed) {

  int minimum() {
    return configuration.minimumHealthyHosts(size);
  }

  List<InstanceProgress> fleet() {
    Random random = new Random(seed);
    List<InstanceProgress> instances = new ArrayList<>();
    RevisionState[] revisions = RevisionState.values();
    for (int i = 0; i < size; i++) {
      Health health = random.nextInt(100) < unhealthyPercent ? Health.UNHEALTHY : Health.HEALTHY;
      instances.add(
          InstanceProgress.pending(
              TestFleet.id(i), health, revisions[random.nextInt(revisions.length)]));
    }
    return instances;
  }

  Set<String> failing() {
    Random random = new Random(seed * 31 + 7);
    Set<String> failing = new HashSet<>();
    for (int i = 0; i < size; i++) {
      if (random.nextInt(100) < failurePercent) {
        failing.add(TestFleet.id(i));
      }
    }
    return failing;
  }

  RolloutSnapshot start() {
    return RolloutSnapshot.atStart(minimum(), fleet()).withBatchPolicy(policy);
  }

  /** Runs the whole deployment; running instances finish a random non-empty part at a time. */
  ControllerLoop.Run run() {
    Random finishing = new Random(seed * 17 + 3);
    Set<String> failing = failing();
    return new ControllerLoop(
            failing::contains,
            inProgress -> {
              List<String> done = new ArrayList<>();
              for (String id : inProgress) {
                if (finishing.nextBoolean()) {
                  done.add(id);
                }
              }
              return done.isEmpty()
                  ? List.of(inProgress.get(finishing.nextInt(inProgress.size())))
                  : done;
            },
            stopBeforeStep)
        .run(start());
  }
}
