package io.fleetdeploy.rollout;

import static io.fleetdeploy.rollout.Health.HEALTHY;
import static io.fleetdeploy.rollout.InstanceStatus.FAILED;
import static io.fleetdeploy.rollout.InstanceStatus.IN_PROGRESS;
import static io.fleetdeploy.rollout.InstanceStatus.PENDING;
import static io.fleetdeploy.rollout.InstanceStatus.SKIPPED;
import static io.fleetdeploy.rollout.InstanceStatus.SUCCEEDED;
import static io.fleetdeploy.rollout.TestFleet.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopRequestTest {

  private final RolloutDecider decider = new RolloutDecider();

  private static RolloutSnapshot halfway(boolean stop) {
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, SUCCEEDED),
            instance("i-2", HEALTHY, IN_PROGRESS),
            instance("i-3", HEALTHY, PENDING),
            instance("i-4", HEALTHY, PENDING));
    return new RolloutSnapshot(2, BatchPolicy.CODEDEPLOY, fleet, 2, stop);
  }

  @Test
  void stopStartsNothingSkipsPendingAndWaitsForThoseInProgress() {
    assertThat(decider.decide(halfway(true)))
        .isEqualTo(
            new RolloutDecision.Halt(
                RolloutOutcome.STOPPED,
                RolloutErrorCode.MANUAL_STOP,
                "stopped on request; 2 pending instances skipped; waiting for 1 instance in progress"
                    + " to finish",
                List.of("i-3", "i-4"),
                List.of("i-2")));
  }

  @Test
  void whenTheLastInProgressEndsTheDeploymentIsStopped() {
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, SUCCEEDED),
            instance("i-2", HEALTHY, SUCCEEDED),
            instance("i-3", HEALTHY, SKIPPED),
            instance("i-4", HEALTHY, SKIPPED));

    assertThat(decider.decide(new RolloutSnapshot(2, BatchPolicy.CODEDEPLOY, fleet, 2, true)))
        .isEqualTo(
            RolloutDecision.Finish.ended(
                RolloutOutcome.STOPPED,
                RolloutErrorCode.MANUAL_STOP,
                "stopped on request",
                List.of()));
  }

  @Test
  void stopBeforeAnythingStartedSkipsEverything() {
    RolloutSnapshot start = RolloutSnapshot.atStart(0, TestFleet.healthy(3)).withStopRequested();

    assertThat(decider.decide(start))
        .isEqualTo(
            RolloutDecision.Finish.ended(
                RolloutOutcome.STOPPED,
                RolloutErrorCode.MANUAL_STOP,
                "stopped on request; 3 pending instances skipped",
                List.of("i-001", "i-002", "i-003")));
  }

  @Test
  void skippedInstancesReadAsAnEarlierStopEvenIfTheRequestWasDropped() {
    // Once instances are skipped the rollout cannot resume; a dropped stop flag must not restart
    // it.
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, SUCCEEDED),
            instance("i-2", HEALTHY, SKIPPED),
            instance("i-3", HEALTHY, SKIPPED));

    RolloutDecision decision =
        decider.decide(new RolloutSnapshot(0, BatchPolicy.CODEDEPLOY, fleet, 1, false));

    assertThat(decision).isInstanceOf(RolloutDecision.Finish.class);
    assertThat(((RolloutDecision.Finish) decision).outcome()).isEqualTo(RolloutOutcome.STOPPED);
  }

  @Test
  void aHealthFailureOutranksAStop() {
    // Stopped while the first OneAtATime instance ran, and that instance failed: the remaining
    // healthy instances could never have been deployed to, so it is a failure, not a stop.
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, FAILED),
            instance("i-2", HEALTHY, SKIPPED),
            instance("i-3", HEALTHY, SKIPPED));

    RolloutDecision decision =
        decider.decide(new RolloutSnapshot(2, BatchPolicy.CODEDEPLOY, fleet, 1, true));

    assertThat(decision).isInstanceOf(RolloutDecision.Finish.class);
    assertThat(((RolloutDecision.Finish) decision).outcome()).isEqualTo(RolloutOutcome.FAILED);
    assertThat(((RolloutDecision.Finish) decision).errorCode())
        .contains(RolloutErrorCode.HEALTH_CONSTRAINTS);
  }

  @Test
  void aStopAfterEveryInstanceRanStillEndsStopped() {
    List<InstanceProgress> fleet =
        List.of(instance("i-1", HEALTHY, SUCCEEDED), instance("i-2", HEALTHY, SUCCEEDED));

    RolloutDecision decision =
        decider.decide(new RolloutSnapshot(1, BatchPolicy.CODEDEPLOY, fleet, 2, true));

    assertThat(decision).isInstanceOf(RolloutDecision.Finish.class);
    assertThat(((RolloutDecision.Finish) decision).outcome()).isEqualTo(RolloutOutcome.STOPPED);
  }
}
