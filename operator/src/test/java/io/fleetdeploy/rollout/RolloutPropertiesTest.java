package io.fleetdeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random fleets (1 to 300 instances, random health before, random configurations, pacing and caps)
 * through the simulated controller loop, with random failures, stops and finishing orders. Each
 * property is checked on {@value #TRIES} scenarios drawn from one seed ({@link SeededCases}:
 * printed on failure, fixed with {@code -Dfleetdeploy.test.seed=SEED}).
 */
class RolloutPropertiesTest {

  private static final int TRIES = 300;

  @Test
  void aStartedBatchNeverTakesTheHealthyCountBelowTheMinimum() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          int minimum = scenario.minimum();
          for (ControllerLoop.Step step : scenario.run().steps()) {
            if (step.decision() instanceof RolloutDecision.StartBatch batch) {
              List<InstanceProgress> instances = step.snapshot().instances();
              int healthy = (int) instances.stream().filter(InstanceProgress::isHealthyNow).count();
              int healthyTakenOut =
                  (int)
                      instances.stream()
                          .filter(i -> batch.instanceIds().contains(i.id()))
                          .filter(InstanceProgress::isHealthyNow)
                          .count();
              assertThat(healthy - healthyTakenOut)
                  .as(
                      "healthy after batch %s, was %s, minimum %s",
                      batch.batchNumber(), healthy, minimum)
                  .isGreaterThanOrEqualTo(Math.min(healthy, minimum));
              int running = RolloutOverview.of(instances).inProgress();
              scenario
                  .policy()
                  .maxInProgress()
                  .ifPresent(
                      cap ->
                          assertThat(running + batch.instanceIds().size())
                              .isLessThanOrEqualTo(cap));
              if (scenario.policy().pacing() == Pacing.WAVES) {
                assertThat(running).as("waves start only when the previous batch is done").isZero();
              }
            }
          }
        });
  }

  @Test
  void everyInstanceIsStartedAtMostOnceAndOnlyWhilePending() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          ControllerLoop.Run run = scenario.run();
          Set<String> started = new HashSet<>();
          int lastBatch = 0;
          for (ControllerLoop.Step step : run.steps()) {
            if (step.decision() instanceof RolloutDecision.StartBatch batch) {
              assertThat(batch.batchNumber()).isEqualTo(lastBatch + 1);
              lastBatch = batch.batchNumber();
              for (String id : batch.instanceIds()) {
                assertThat(started.add(id)).as("%s started twice", id).isTrue();
                assertThat(statusIn(step.snapshot(), id)).isEqualTo(InstanceStatus.PENDING);
              }
            }
          }
          assertThat(run.started()).hasSameSizeAs(started);
        });
  }

  @Test
  void theLoopAlwaysEndsWithEveryInstanceSettled() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          ControllerLoop.Run run = scenario.run();
          RolloutOverview overview = run.overview();
          assertThat(overview.pending()).isZero();
          assertThat(overview.inProgress()).isZero();
          assertThat(overview.total()).isEqualTo(scenario.size());
          assertThat(run.steps().size()).isLessThanOrEqualTo(2 * scenario.size() + 2);
        });
  }

  @Test
  void theOutcomeFollowsTheCodeDeployRules() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          ControllerLoop.Run run = scenario.run();
          RolloutDecision.Finish finish = run.finish();
          RolloutOverview overview = run.overview();
          int minimum = scenario.minimum();
          boolean stopRequested = run.last().stopRequested();
          boolean meetsRule = overview.succeeded() >= minimum && overview.succeeded() >= 1;

          if (minimum >= scenario.size()) {
            assertThat(finish.errorCode()).contains(RolloutErrorCode.HEALTH_CONSTRAINTS_INVALID);
            assertThat(run.started()).isEmpty();
            return;
          }
          switch (finish.outcome()) {
            case SUCCEEDED -> {
              assertThat(meetsRule).isTrue();
              assertThat(overview.skipped()).isZero();
              assertThat(stopRequested).isFalse();
            }
            case STOPPED -> {
              assertThat(stopRequested).isTrue();
              assertThat(finish.errorCode()).contains(RolloutErrorCode.MANUAL_STOP);
            }
            case FAILED ->
                assertThat(finish.errorCode()).contains(RolloutErrorCode.HEALTH_CONSTRAINTS);
          }
          if (overview.skipped() == 0 && !stopRequested) {
            assertThat(finish.outcome() == RolloutOutcome.SUCCEEDED)
                .as("succeeded %s, minimum %s", overview.succeeded(), minimum)
                .isEqualTo(meetsRule);
          }
        });
  }

  @Test
  void failsAsSoonAsTheMinimumIsOutOfReachAndNeverBefore() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          int minimum = scenario.minimum();
          if (minimum >= scenario.size()) {
            return;
          }
          for (ControllerLoop.Step step : scenario.run().steps()) {
            boolean reachable =
                BestCaseOracle.canStillSucceed(step.snapshot().instances(), minimum);
            RolloutErrorCode code = errorCode(step.decision());
            if (code == RolloutErrorCode.HEALTH_CONSTRAINTS) {
              assertThat(reachable).as("failed while still reachable: %s", step).isFalse();
            } else {
              assertThat(reachable).as("went on although out of reach: %s", step).isTrue();
            }
          }
        });
  }

  @Test
  void instancesAreSkippedOnlyWhenTheDeploymentFailsOrStops() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          ControllerLoop.Run run = scenario.run();
          RolloutOutcome announced = null;
          for (ControllerLoop.Step step : run.steps()) {
            if (step.decision() instanceof RolloutDecision.Halt halt) {
              announced = announced == null ? halt.outcome() : announced;
              if (announced == RolloutOutcome.FAILED) {
                assertThat(halt.outcome()).isEqualTo(RolloutOutcome.FAILED);
              }
            }
          }
          if (run.overview().skipped() > 0) {
            assertThat(run.finish().outcome()).isIn(RolloutOutcome.FAILED, RolloutOutcome.STOPPED);
          }
          if (announced == RolloutOutcome.FAILED) {
            assertThat(run.finish().outcome())
                .as("a failure once announced stays")
                .isEqualTo(RolloutOutcome.FAILED);
          }
          for (String id : run.finish().idsToSkip()) {
            assertThat(run.started()).doesNotContain(id);
          }
        });
  }

  @Test
  void theSameSnapshotAlwaysGetsTheSameDecision() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          for (ControllerLoop.Step step : scenario.run().steps()) {
            RolloutSnapshot snapshot = step.snapshot();
            // What a restarted operator would rebuild from status: equal values, new objects.
            List<InstanceProgress> copied = new ArrayList<>();
            for (InstanceProgress instance : snapshot.instances()) {
              copied.add(
                  new InstanceProgress(
                      new String(instance.id().toCharArray()),
                      instance.healthBefore(),
                      instance.revisionBefore(),
                      instance.status()));
            }
            RolloutSnapshot rebuilt =
                new RolloutSnapshot(
                    snapshot.minimumHealthyHosts(),
                    new BatchPolicy(
                        snapshot.batchPolicy().pacing(), snapshot.batchPolicy().maxInProgress()),
                    copied,
                    snapshot.batchesStarted(),
                    snapshot.stopRequested());
            assertThat(new RolloutDecider().decide(rebuilt)).isEqualTo(step.decision());
            assertThat(new RolloutDecider().decide(snapshot)).isEqualTo(step.decision());
          }
        });
  }

  @Test
  void batchesAreAsLargeAsAllowedAndFollowTheOrder() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          int minimum = scenario.minimum();
          for (ControllerLoop.Step step : scenario.run().steps()) {
            List<String> batch;
            if (step.decision() instanceof RolloutDecision.StartBatch start) {
              batch = start.instanceIds();
            } else if (step.decision() instanceof RolloutDecision.Wait
                && scenario.policy().pacing() == Pacing.ROLLING) {
              batch = List.of();
            } else {
              continue;
            }
            List<InstanceProgress> pending =
                RolloutOrder.order(step.snapshot().instances()).stream()
                    .filter(i -> i.status() == InstanceStatus.PENDING)
                    .toList();
            List<String> pendingUnhealthy = ids(pending, Health.UNHEALTHY);
            List<String> pendingHealthy = ids(pending, Health.HEALTHY);
            List<String> takenUnhealthy =
                batch.stream().filter(pendingUnhealthy::contains).toList();
            List<String> takenHealthy = batch.stream().filter(pendingHealthy::contains).toList();

            assertThat(batch)
                .as("batch in rollout order")
                .isEqualTo(concat(takenUnhealthy, takenHealthy));
            assertThat(takenUnhealthy)
                .isEqualTo(pendingUnhealthy.subList(0, takenUnhealthy.size()));
            assertThat(takenHealthy).isEqualTo(pendingHealthy.subList(0, takenHealthy.size()));

            int running = RolloutOverview.of(step.snapshot().instances()).inProgress();
            OptionalInt cap = scenario.policy().maxInProgress();
            boolean capReached = cap.isPresent() && running + batch.size() >= cap.getAsInt();
            if (!capReached) {
              int healthyAfter =
                  (int)
                          step.snapshot().instances().stream()
                              .filter(InstanceProgress::isHealthyNow)
                              .count()
                      - takenHealthy.size();
              assertThat(takenUnhealthy)
                  .as("every unhealthy pending instance")
                  .hasSameSizeAs(pendingUnhealthy);
              if (takenHealthy.size() < pendingHealthy.size()) {
                assertThat(healthyAfter)
                    .as("no healthy capacity left")
                    .isLessThanOrEqualTo(minimum);
              }
            }
          }
        });
  }

  @Test
  void rollbackTargetsAreExactlyTheStartedInstances() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          ControllerLoop.Run run = scenario.run();
          assertThat(RollbackTargets.touched(run.last().instances()))
              .containsExactlyInAnyOrderElementsOf(run.started());
          assertThat(RolloutOverview.of(run.last()).progress())
              .isEqualTo(run.overview().succeeded() + "/" + scenario.size());
        });
  }

  @Test
  void theStartCheckAndTheDeciderAgree() {
    SeededCases.check(
        TRIES,
        RolloutPropertiesTest::scenario,
        scenario -> {
          StartVerdict verdict = StartCheck.evaluate(scenario.configuration(), scenario.size());
          RolloutDecision first = new RolloutDecider().decide(scenario.start());
          if (verdict instanceof StartVerdict.Rejected rejected) {
            assertThat(rejected.errorCode()).isEqualTo(RolloutErrorCode.HEALTH_CONSTRAINTS_INVALID);
            assertThat(errorCode(first)).isEqualTo(RolloutErrorCode.HEALTH_CONSTRAINTS_INVALID);
            assertThat(scenario.configuration())
                .isNotEqualTo(DeploymentConfiguration.ONE_AT_A_TIME);
          } else {
            assertThat(((StartVerdict.Accepted) verdict).minimumHealthyHosts())
                .isEqualTo(scenario.minimum());
            assertThat(first).isInstanceOf(RolloutDecision.StartBatch.class);
          }
        });
  }

  /**
   * A random scenario: 1 to 300 instances (the edges 1, 2 and 300 often), a predefined, percentage
   * or host-count configuration, either pacing with or without a cap, health and failure chances
   * that are often 0 or 100, a stop in one scenario of four.
   */
  @SuppressWarnings("EnumOrdinal") // picks a random constant; no meaning is given to its index
  static RolloutScenario scenario(Random random) {
    int size = random.nextInt(8) == 0 ? pick(random, 1, 2, 300) : between(random, 1, 300);
    DeploymentConfiguration configuration =
        switch (random.nextInt(3)) {
          case 0 ->
              DeploymentConfiguration.PREDEFINED.get(
                  random.nextInt(DeploymentConfiguration.PREDEFINED.size()));
          case 1 ->
              DeploymentConfiguration.custom(
                  MinimumHealthyHosts.fleetPercent(between(random, 0, 99)));
          default ->
              DeploymentConfiguration.custom(
                  MinimumHealthyHosts.hostCount(between(random, 0, size + 1)));
        };
    Pacing pacing = Pacing.values()[random.nextInt(Pacing.values().length)];
    OptionalInt cap =
        random.nextInt(3) < 2 ? OptionalInt.empty() : OptionalInt.of(between(random, 1, 60));
    int unhealthy = percentage(random);
    int failure = percentage(random);
    int stop = random.nextInt(4) < 3 ? -1 : between(random, 0, 40);
    return new RolloutScenario(
        size,
        configuration,
        new BatchPolicy(pacing, cap),
        unhealthy,
        failure,
        stop,
        random.nextLong());
  }

  /** Often the extremes, otherwise anything. */
  private static int percentage(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> 0;
      case 1 -> 100;
      case 2 -> between(random, 1, 10);
      default -> between(random, 0, 100);
    };
  }

  private static int between(Random random, int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  private static int pick(Random random, int... values) {
    return values[random.nextInt(values.length)];
  }

  private static InstanceStatus statusIn(RolloutSnapshot snapshot, String id) {
    return snapshot.instances().stream()
        .filter(i -> i.id().equals(id))
        .findFirst()
        .orElseThrow()
        .status();
  }

  private static RolloutErrorCode errorCode(RolloutDecision decision) {
    if (decision instanceof RolloutDecision.Halt halt) {
      return halt.errorCode();
    }
    if (decision instanceof RolloutDecision.Finish finish) {
      return finish.errorCode().orElse(null);
    }
    return null;
  }

  private static List<String> ids(List<InstanceProgress> instances, Health health) {
    return instances.stream()
        .filter(i -> i.healthBefore() == health)
        .map(InstanceProgress::id)
        .toList();
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
