package io.fleetdeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Step and zone planning, and the staged decisions, as pure functions. */
class StagedDeciderTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private final StagedDecider decider = new StagedDecider();

  /** Plays a staged rollout: every started instance succeeds at once; holds advance the clock. */
  private final class Play {
    RolloutSnapshot snapshot;
    StageState state = new StageState(0, T0, -1);
    Instant now = T0;
    final List<List<String>> batches = new ArrayList<>();
    final List<StagedDecision.Hold> holds = new ArrayList<>();
    Optional<String> alarm = Optional.empty();
    Set<String> failing = Set.of();
    RolloutDecision last;

    Play(int minimum, List<InstanceProgress> instances) {
      snapshot =
          RolloutSnapshot.atStart(minimum, instances)
              .withBatchPolicy(BatchPolicy.codeDeploy(instances.size(), minimum));
    }

    /** Runs until a hold without an end time, or the finish. */
    RolloutDecision run(List<RolloutStage> stages) {
      for (int guard = 0; guard < 1000; guard++) {
        StagedDecision d = decider.decide(stages, state, snapshot, now, () -> alarm);
        state = d.state();
        last = d.decision();
        if (d.hold().isPresent()) {
          holds.add(d.hold().get());
          if (d.hold().get().until().isEmpty()) {
            return last;
          }
          now = d.hold().get().until().get();
          continue;
        }
        if (last instanceof RolloutDecision.StartBatch start) {
          batches.add(start.instanceIds());
          List<InstanceProgress> next = new ArrayList<>();
          for (InstanceProgress i : snapshot.instances()) {
            next.add(
                start.instanceIds().contains(i.id())
                    ? i.withStatus(
                        failing.contains(i.id()) ? InstanceStatus.FAILED : InstanceStatus.SUCCEEDED)
                    : i);
          }
          snapshot = snapshot.withInstances(next, start.batchNumber());
          now = now.plusSeconds(10);
          continue;
        }
        if (last instanceof RolloutDecision.Finish) {
          return last;
        }
        throw new AssertionError("unexpected " + last);
      }
      throw new AssertionError("no end");
    }
  }

  private static Map<String, String> zones(int n) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < n; i++) {
      out.put(TestFleet.id(i), "eu-west-1" + "abc".charAt(i % 3));
    }
    return out;
  }

  private static List<String> ids(int n) {
    return TestFleet.healthy(n).stream().map(InstanceProgress::id).toList();
  }

  @Test
  void setInstancesIsCumulativeAndEachStepKeepsTheMinimum() {
    List<RolloutStage> stages =
        new RolloutShape.Steps(
                List.of(
                    RolloutStep.SetInstances.count(1),
                    RolloutStep.SetInstances.percent(50),
                    RolloutStep.SetInstances.percent(100)))
            .stages(ids(10), Map.of());
    Play play = new Play(7, TestFleet.healthy(10));

    RolloutDecision end = play.run(stages);

    assertThat(end).isInstanceOf(RolloutDecision.Finish.class);
    assertThat(((RolloutDecision.Finish) end).outcome()).isEqualTo(RolloutOutcome.SUCCEEDED);
    // 1, then up to 5 (3 at a time with minimum 7 of 10), then the rest 3 at a time.
    assertThat(play.batches.stream().map(List::size).toList()).containsExactly(1, 3, 1, 3, 2);
    assertThat(play.batches.get(0)).containsExactly("i-001");
  }

  @Test
  void aTimedPauseHoldsUntilItsEndAndThenTheRestIsDeployed() {
    List<RolloutStage> stages =
        new RolloutShape.Steps(
                List.of(
                    RolloutStep.SetInstances.count(2),
                    new RolloutStep.Pause(Optional.of(Duration.ofMinutes(5)))))
            .stages(ids(4), Map.of());
    Play play = new Play(0, TestFleet.healthy(4));

    play.run(stages);

    assertThat(play.batches).containsExactly(List.of("i-001", "i-002"), List.of("i-003", "i-004"));
    assertThat(play.holds).hasSize(1);
    StagedDecision.Hold hold = play.holds.get(0);
    assertThat(hold.reason()).isEqualTo(StagedDecision.HoldReason.Paused);
    assertThat(hold.stage()).isEqualTo(1);
    assertThat(hold.until()).contains(T0.plusSeconds(10).plus(Duration.ofMinutes(5)));
  }

  @Test
  void aPauseWithoutDurationWaitsForPromotionOfItsIndexAndPromotionIsIdempotent() {
    List<RolloutStage> stages =
        new RolloutShape.Steps(
                List.of(
                    RolloutStep.SetInstances.count(1),
                    new RolloutStep.Pause(Optional.empty()),
                    RolloutStep.SetInstances.count(2),
                    new RolloutStep.Pause(Optional.empty())))
            .stages(ids(3), Map.of());
    Play play = new Play(0, TestFleet.healthy(3));

    play.run(stages);
    assertThat(play.holds.get(0).reason()).isEqualTo(StagedDecision.HoldReason.AwaitingPromotion);
    assertThat(play.holds.get(0).message()).contains("spec.promote to 1");
    assertThat(play.batches).hasSize(1);

    play.state = new StageState(play.state.current(), play.state.enteredAt(), 1);
    play.run(stages);
    assertThat(play.batches).hasSize(2);
    assertThat(play.state.current()).isEqualTo(3);

    // Promoting 1 again passes nothing more.
    play.run(stages);
    assertThat(play.batches).hasSize(2);

    play.state = new StageState(play.state.current(), play.state.enteredAt(), 3);
    RolloutDecision end = play.run(stages);
    assertThat(end).isInstanceOf(RolloutDecision.Finish.class);
    assertThat(play.batches).hasSize(3);
  }

  @Test
  void anAlarmDuringCheckAlarmsFailsAndSkipsTheRest() {
    List<RolloutStage> stages =
        new RolloutShape.Steps(
                List.of(
                    RolloutStep.SetInstances.count(1),
                    new RolloutStep.CheckAlarms(Duration.ofMinutes(10))))
            .stages(ids(3), Map.of());
    Play play = new Play(0, TestFleet.healthy(3));
    play.alarm = Optional.of("alarm web-5xx is in ALARM");

    RolloutDecision.Finish end = (RolloutDecision.Finish) play.run(stages);

    assertThat(end.outcome()).isEqualTo(RolloutOutcome.FAILED);
    assertThat(end.errorCode()).contains(RolloutErrorCode.ALARM_ACTIVE);
    assertThat(end.message()).contains("web-5xx").contains("step 1 (checkAlarms)");
    assertThat(end.idsToSkip()).containsExactly("i-002", "i-003");
  }

  @Test
  void aStopDuringAPauseEndsTheDeployment() {
    List<RolloutStage> stages =
        new RolloutShape.Steps(
                List.of(RolloutStep.SetInstances.count(1), new RolloutStep.Pause(Optional.empty())))
            .stages(ids(3), Map.of());
    Play play = new Play(0, TestFleet.healthy(3));
    play.run(stages);
    play.snapshot = play.snapshot.withStopRequested();

    RolloutDecision.Finish end = (RolloutDecision.Finish) play.run(stages);

    assertThat(end.outcome()).isEqualTo(RolloutOutcome.STOPPED);
    assertThat(end.idsToSkip()).hasSize(2);
  }

  @Test
  void zonalDeploysOneZoneAtATimeWithBakeTimesBetweenZones() {
    RolloutShape.Zonal zonal =
        new RolloutShape.Zonal(
            Optional.of(Duration.ofMinutes(30)),
            Duration.ofMinutes(10),
            MinimumHealthyHosts.hostCount(0));
    List<RolloutStage> stages = zonal.stages(ids(9), zones(9));
    Play play = new Play(0, TestFleet.healthy(9));

    play.run(stages);

    // AllAtOnce within the fleet minimum, but one zone at a time: a (i-001, 4, 7), b, c.
    assertThat(play.batches)
        .containsExactly(
            List.of("i-001", "i-004", "i-007"),
            List.of("i-002", "i-005", "i-008"),
            List.of("i-003", "i-006", "i-009"));
    assertThat(play.holds.stream().map(StagedDecision.Hold::reason))
        .containsOnly(StagedDecision.HoldReason.Baking);
    assertThat(play.holds.get(0).until()).contains(T0.plusSeconds(10).plus(Duration.ofMinutes(30)));
    assertThat(play.holds.get(play.holds.size() - 1).until().get())
        .isEqualTo(T0.plusSeconds(20).plus(Duration.ofMinutes(40)));
    assertThat(play.state.current()).isEqualTo(5);
  }

  @Test
  void thePerZoneMinimumLimitsBatchesInsideAZoneOnTopOfTheFleetMinimum() {
    RolloutShape.Zonal zonal =
        new RolloutShape.Zonal(
            Optional.empty(), Duration.ZERO, MinimumHealthyHosts.fleetPercent(50));
    // 12 instances, 4 per zone; fleet minimum 0 would allow all at once.
    List<RolloutStage> stages = zonal.stages(ids(12), zones(12));
    Play play = new Play(0, TestFleet.healthy(12));

    play.run(stages);

    assertThat(play.batches.stream().map(List::size).toList()).containsExactly(2, 2, 2, 2, 2, 2);
    assertThat(play.batches.get(0)).allMatch(id -> zones(12).get(id).equals("eu-west-1a"));
  }

  @Test
  void aZoneWhoseMinimumLeavesNothingToDeployToFailsWithHealthConstraints() {
    RolloutShape.Zonal zonal =
        new RolloutShape.Zonal(Optional.empty(), Duration.ZERO, MinimumHealthyHosts.hostCount(3));
    List<RolloutStage> stages = zonal.stages(ids(6), zones(6));
    Play play = new Play(0, TestFleet.healthy(6));

    RolloutDecision.Finish end = (RolloutDecision.Finish) play.run(stages);

    assertThat(end.errorCode()).contains(RolloutErrorCode.HEALTH_CONSTRAINTS);
    assertThat(end.message()).contains("zone eu-west-1a").contains("minimumHealthyHostsPerZone");
    assertThat(play.batches).isEmpty();
  }

  @Test
  void instancesWithoutAZoneAreTheLastZone() {
    Map<String, List<String>> zones =
        RolloutShape.Zonal.zones(
            List.of("mi-1", "i-2", "i-3"), Map.of("i-2", "us-east-1b", "i-3", "us-east-1a"));
    assertThat(zones.keySet()).containsExactly("us-east-1a", "us-east-1b", "on-premises");
  }

  @Test
  void setInstancesRoundsPercentUpAndCapsAtTheFleet() {
    assertThat(RolloutStep.SetInstances.percent(10).target(15)).isEqualTo(2);
    assertThat(RolloutStep.SetInstances.count(50).target(15)).isEqualTo(15);
    assertThat(RolloutStep.SetInstances.percent(100).target(15)).isEqualTo(15);
  }

  @Test
  void durationsAreReadWithUnitsOrAsSecondsAndBadOnesNameTheField() {
    assertThat(StepDuration.parse("f", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(StepDuration.parse("f", "45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(StepDuration.format(Duration.ofSeconds(5430))).isEqualTo("1h30m30s");
    assertThatThrownBy(() -> StepDuration.parse("steps[1].pause.duration", "5x"))
        .hasMessageStartingWith("steps[1].pause.duration: '5x' is not a duration");
    assertThatThrownBy(() -> StepDuration.parse("zonal.monitorDuration", "72h"))
        .hasMessageContaining("longer than 48h");
  }
}
