package io.fleetdeploy.rollout;

import static io.fleetdeploy.rollout.Health.HEALTHY;
import static io.fleetdeploy.rollout.Health.UNHEALTHY;
import static io.fleetdeploy.rollout.InstanceStatus.FAILED;
import static io.fleetdeploy.rollout.InstanceStatus.IN_PROGRESS;
import static io.fleetdeploy.rollout.InstanceStatus.PENDING;
import static io.fleetdeploy.rollout.InstanceStatus.SKIPPED;
import static io.fleetdeploy.rollout.InstanceStatus.SUCCEEDED;
import static io.fleetdeploy.rollout.TestFleet.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Success and failure exactly as CodeDeploy decides them, and the early failure on health. */
class RolloutOutcomeTest {

  private final RolloutDecider decider = new RolloutDecider();

  private static ControllerLoop.Run run(
      DeploymentConfiguration configuration, int instances, Set<String> failing) {
    return ControllerLoop.failing(failing::contains)
        .run(TestFleet.start(configuration, TestFleet.healthy(instances)));
  }

  @Test
  void allSucceedingIsSuccess() {
    ControllerLoop.Run run = run(DeploymentConfiguration.HALF_AT_A_TIME, 6, Set.of());
    assertThat(run.finish())
        .isEqualTo(
            new RolloutDecision.Finish(
                RolloutOutcome.SUCCEEDED,
                Optional.empty(),
                "succeeded on 6 of 6 instances; minimum healthy hosts 3 met",
                List.of()));
  }

  @Test
  void halfAtATimeWithAFailingFirstBatchEndsWithThreeFailedAndThreeSkipped() {
    ControllerLoop.Run run =
        run(DeploymentConfiguration.HALF_AT_A_TIME, 6, Set.of("i-001", "i-002", "i-003"));

    assertThat(run.finish().outcome()).isEqualTo(RolloutOutcome.FAILED);
    assertThat(run.finish().errorCode()).contains(RolloutErrorCode.HEALTH_CONSTRAINTS);
    assertThat(run.finish().idsToSkip()).containsExactly("i-004", "i-005", "i-006");
    assertThat(run.overview()).isEqualTo(new RolloutOverview(0, 0, 0, 3, 3));
    assertThat(run.finish().message())
        .isEqualTo(
            "3 of 6 instances failed: the 3 healthy instances not deployed to cannot be taken out"
                + " of service without the healthy count dropping below the minimum healthy hosts"
                + " of 3; 3 pending instances skipped");
  }

  @Test
  void oneAtATimeFailsAtTheFirstFailureAndSkipsTheRest() {
    ControllerLoop.Run run = run(DeploymentConfiguration.ONE_AT_A_TIME, 10, Set.of("i-001"));

    assertThat(run.batches()).hasSize(1);
    assertThat(run.finish().errorCode()).contains(RolloutErrorCode.HEALTH_CONSTRAINTS);
    assertThat(run.overview()).isEqualTo(new RolloutOverview(0, 0, 0, 1, 9));
  }

  @Test
  void oneAtATimeStillSucceedsWhenOnlyTheLastInstanceFails() {
    ControllerLoop.Run run = run(DeploymentConfiguration.ONE_AT_A_TIME, 10, Set.of("i-010"));

    assertThat(run.finish().outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    assertThat(run.overview()).isEqualTo(new RolloutOverview(0, 0, 9, 1, 0));
    assertThat(run.finish().message())
        .isEqualTo("succeeded on 9 of 10 instances (1 failed); minimum healthy hosts 9 met");
  }

  @Test
  void oneAtATimeOnASingleInstanceFailsWhenItFails() {
    ControllerLoop.Run run = run(DeploymentConfiguration.ONE_AT_A_TIME, 1, Set.of("i-001"));

    assertThat(run.finish().outcome()).isEqualTo(RolloutOutcome.FAILED);
    assertThat(run.finish().message())
        .isEqualTo("the only instance failed: a deployment needs at least one success");
  }

  @Test
  void allAtOnceSucceedsIfAnyInstanceSucceeds() {
    ControllerLoop.Run run =
        run(DeploymentConfiguration.ALL_AT_ONCE, 4, Set.of("i-001", "i-002", "i-004"));

    assertThat(run.finish().outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    assertThat(run.overview()).isEqualTo(new RolloutOverview(0, 0, 1, 3, 0));
  }

  @Test
  void allAtOnceFailsWhenEveryInstanceFails() {
    ControllerLoop.Run run =
        run(DeploymentConfiguration.ALL_AT_ONCE, 3, Set.of("i-001", "i-002", "i-003"));

    assertThat(run.finish().outcome()).isEqualTo(RolloutOutcome.FAILED);
    assertThat(run.finish().errorCode()).contains(RolloutErrorCode.HEALTH_CONSTRAINTS);
    assertThat(run.finish().message())
        .isEqualTo("all 3 instances failed: a deployment needs at least one success");
  }

  @Test
  void failuresWithinTheBudgetStillSucceed() {
    // HalfAtATime on 10 (minimum 5): one failure in the first batch leaves room to go on.
    ControllerLoop.Run run = run(DeploymentConfiguration.HALF_AT_A_TIME, 10, Set.of("i-002"));

    assertThat(run.finish().outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    assertThat(run.overview()).isEqualTo(new RolloutOverview(0, 0, 9, 1, 0));
  }

  @Test
  void successNeedsTheMinimumOfSuccessesAtTheEnd() {
    // Everything has run; HOST_COUNT 3 of 5 but only 2 succeeded.
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", UNHEALTHY, FAILED),
            instance("i-2", UNHEALTHY, FAILED),
            instance("i-3", UNHEALTHY, FAILED),
            instance("i-4", HEALTHY, SUCCEEDED),
            instance("i-5", HEALTHY, SUCCEEDED));
    RolloutDecision decision =
        decider.decide(new RolloutSnapshot(3, BatchPolicy.CODEDEPLOY, fleet, 2, false));

    assertThat(decision)
        .isEqualTo(
            RolloutDecision.Finish.ended(
                RolloutOutcome.FAILED,
                RolloutErrorCode.HEALTH_CONSTRAINTS,
                "3 of 5 instances failed: at most 2 can end healthy, below the minimum healthy hosts"
                    + " of 3",
                List.of()));
  }

  @Test
  void failureDecidedWhileInstancesRunHaltsAndSkipsPendingAtOnce() {
    // OneAtATime on 10 (minimum 9) with 3 unhealthy: they go first, together. One fails while two
    // still run: the 7 healthy ones can never be taken out, so fail now, wait for the two.
    List<InstanceProgress> fleet =
        List.of(
            instance("i-01", UNHEALTHY, FAILED),
            instance("i-02", UNHEALTHY, IN_PROGRESS),
            instance("i-03", UNHEALTHY, IN_PROGRESS),
            instance("i-04", HEALTHY, PENDING),
            instance("i-05", HEALTHY, PENDING),
            instance("i-06", HEALTHY, PENDING),
            instance("i-07", HEALTHY, PENDING),
            instance("i-08", HEALTHY, PENDING),
            instance("i-09", HEALTHY, PENDING),
            instance("i-10", HEALTHY, PENDING));
    RolloutSnapshot snapshot = new RolloutSnapshot(9, BatchPolicy.CODEDEPLOY, fleet, 1, false);

    RolloutDecision decision = decider.decide(snapshot);

    assertThat(decision).isInstanceOf(RolloutDecision.Halt.class);
    RolloutDecision.Halt halt = (RolloutDecision.Halt) decision;
    assertThat(halt.outcome()).isEqualTo(RolloutOutcome.FAILED);
    assertThat(halt.errorCode()).isEqualTo(RolloutErrorCode.HEALTH_CONSTRAINTS);
    assertThat(halt.idsToSkip())
        .containsExactly("i-04", "i-05", "i-06", "i-07", "i-08", "i-09", "i-10");
    assertThat(halt.inProgress()).containsExactly("i-02", "i-03");
    assertThat(halt.message())
        .endsWith("; 7 pending instances skipped; waiting for 2 instances in progress to finish");
  }

  @Test
  void afterAHaltTheVerdictHoldsOnceSkippedAreMarkedAndTheRestFinish() {
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", UNHEALTHY, FAILED),
            instance("i-2", UNHEALTHY, IN_PROGRESS),
            instance("i-3", HEALTHY, SKIPPED),
            instance("i-4", HEALTHY, SKIPPED));
    RolloutSnapshot halted = new RolloutSnapshot(3, BatchPolicy.CODEDEPLOY, fleet, 1, false);

    assertThat(decider.decide(halted))
        .isInstanceOfSatisfying(
            RolloutDecision.Halt.class,
            halt -> {
              assertThat(halt.idsToSkip()).isEmpty();
              assertThat(halt.outcome()).isEqualTo(RolloutOutcome.FAILED);
            });

    RolloutSnapshot finished =
        halted.withInstances(
            List.of(fleet.get(0), fleet.get(1).withStatus(SUCCEEDED), fleet.get(2), fleet.get(3)),
            1);
    assertThat(decider.decide(finished))
        .isInstanceOfSatisfying(
            RolloutDecision.Finish.class,
            finish -> {
              assertThat(finish.outcome()).isEqualTo(RolloutOutcome.FAILED);
              assertThat(finish.errorCode()).contains(RolloutErrorCode.HEALTH_CONSTRAINTS);
            });
  }

  @Test
  void unhealthyInstancesStillToStartKeepTheMinimumWithinReach() {
    // Minimum 7 of 10, healthy 4, 6 unhealthy, cap 2: healthy + in progress is 6, below 7, but
    // the 4 unhealthy ones still pending can become healthy, so this goes on.
    List<InstanceProgress> fleet =
        List.of(
            instance("i-01", UNHEALTHY, IN_PROGRESS),
            instance("i-02", UNHEALTHY, IN_PROGRESS),
            instance("i-03", UNHEALTHY, PENDING),
            instance("i-04", UNHEALTHY, PENDING),
            instance("i-05", UNHEALTHY, PENDING),
            instance("i-06", UNHEALTHY, PENDING),
            instance("i-07", HEALTHY, PENDING),
            instance("i-08", HEALTHY, PENDING),
            instance("i-09", HEALTHY, PENDING),
            instance("i-10", HEALTHY, PENDING));
    RolloutSnapshot snapshot =
        new RolloutSnapshot(7, BatchPolicy.CODEDEPLOY.withMaxInProgress(2), fleet, 1, false);

    assertThat(decider.decide(snapshot))
        .isEqualTo(new RolloutDecision.Wait(List.of("i-01", "i-02")));
  }

  @Test
  void noInstancesFinishesWithNoInstances() {
    assertThat(decider.decide(RolloutSnapshot.atStart(0, List.of())))
        .isEqualTo(
            RolloutDecision.Finish.ended(
                RolloutOutcome.FAILED,
                RolloutErrorCode.NO_INSTANCES,
                "the deployment has no target instances",
                List.of()));
  }

  @Test
  void aMinimumNotBelowTheFleetFailsBeforeTouchingAnyHost() {
    RolloutDecision decision = decider.decide(RolloutSnapshot.atStart(3, TestFleet.healthy(3)));

    assertThat(decision)
        .isEqualTo(
            RolloutDecision.Finish.ended(
                RolloutOutcome.FAILED,
                RolloutErrorCode.HEALTH_CONSTRAINTS_INVALID,
                "minimum healthy hosts is 3 for 3 instances, which leaves no instance to deploy to;"
                    + " lower it below 3; 3 pending instances skipped",
                List.of("i-001", "i-002", "i-003")));
  }

  @Test
  void theSameSnapshotGetsTheSameDecision() {
    RolloutSnapshot snapshot =
        TestFleet.start(DeploymentConfiguration.HALF_AT_A_TIME, TestFleet.healthy(8));
    RolloutSnapshot rebuilt =
        new RolloutSnapshot(4, BatchPolicy.CODEDEPLOY, TestFleet.healthy(8), 0, false);

    assertThat(new RolloutDecider().decide(rebuilt)).isEqualTo(decider.decide(snapshot));
  }
}
