package io.fleetdeploy.rollout;

import static io.fleetdeploy.rollout.Health.HEALTHY;
import static io.fleetdeploy.rollout.Health.UNHEALTHY;
import static io.fleetdeploy.rollout.InstanceStatus.IN_PROGRESS;
import static io.fleetdeploy.rollout.InstanceStatus.PENDING;
import static io.fleetdeploy.rollout.InstanceStatus.SUCCEEDED;
import static io.fleetdeploy.rollout.TestFleet.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference batch sizes, and how unhealthy instances, caps and pacing change them. */
class BatchSizeTest {

  private final RolloutDecider decider = new RolloutDecider();

  private List<Integer> batchSizes(DeploymentConfiguration configuration, int instances) {
    ControllerLoop.Run run =
        ControllerLoop.failing(id -> false)
            .run(TestFleet.start(configuration, TestFleet.healthy(instances)));
    return run.batches().stream().map(batch -> batch.instanceIds().size()).toList();
  }

  @Test
  void nineHostsHostCountSixGoThreeAtATime() {
    assertThat(batchSizes(DeploymentConfiguration.custom(MinimumHealthyHosts.hostCount(6)), 9))
        .containsExactly(3, 3, 3);
  }

  @Test
  void tenHostsFleetPercentFortyKeepFourAndGoSixAtATime() {
    assertThat(batchSizes(DeploymentConfiguration.custom(MinimumHealthyHosts.fleetPercent(40)), 10))
        .containsExactly(6, 4);
  }

  @Test
  void sixHostsHalfAtATimeGoThreeAtATime() {
    assertThat(batchSizes(DeploymentConfiguration.HALF_AT_A_TIME, 6)).containsExactly(3, 3);
  }

  @Test
  void nineHostsHalfAtATimeGoFourAtATime() {
    assertThat(batchSizes(DeploymentConfiguration.HALF_AT_A_TIME, 9)).containsExactly(4, 4, 1);
  }

  @Test
  void oneAtATimeGoesOneAtATime() {
    assertThat(batchSizes(DeploymentConfiguration.ONE_AT_A_TIME, 5)).containsExactly(1, 1, 1, 1, 1);
  }

  @Test
  void allAtOnceGoesAllAtOnce() {
    assertThat(batchSizes(DeploymentConfiguration.ALL_AT_ONCE, 7)).containsExactly(7);
  }

  @Test
  void batchesAreNumberedFromOne() {
    ControllerLoop.Run run =
        ControllerLoop.failing(id -> false)
            .run(TestFleet.start(DeploymentConfiguration.HALF_AT_A_TIME, TestFleet.healthy(6)));
    assertThat(run.batches())
        .extracting(RolloutDecision.StartBatch::batchNumber)
        .containsExactly(1, 2);
  }

  @Test
  void unhealthyInstancesStartWithoutSpendingHealthyCapacity() {
    // 10 hosts, 3 unhealthy, OneAtATime (minimum 9): healthy is 7, already below 9, so only the
    // unhealthy ones may start, all of them at once.
    List<InstanceProgress> fleet =
        List.of(
            instance("i-01", HEALTHY, PENDING),
            instance("i-02", UNHEALTHY, PENDING),
            instance("i-03", HEALTHY, PENDING),
            instance("i-04", UNHEALTHY, PENDING),
            instance("i-05", HEALTHY, PENDING),
            instance("i-06", HEALTHY, PENDING),
            instance("i-07", HEALTHY, PENDING),
            instance("i-08", UNHEALTHY, PENDING),
            instance("i-09", HEALTHY, PENDING),
            instance("i-10", HEALTHY, PENDING));
    RolloutSnapshot start = TestFleet.start(DeploymentConfiguration.ONE_AT_A_TIME, fleet);

    assertThat(decider.decide(start))
        .isEqualTo(new RolloutDecision.StartBatch(1, List.of("i-02", "i-04", "i-08")));
  }

  @Test
  void unhealthyInstancesComeOnTopOfTheHealthyBudget() {
    // 6 hosts, 2 unhealthy, HOST_COUNT 2: healthy 4, budget 2, plus both unhealthy.
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, PENDING),
            instance("i-2", HEALTHY, PENDING),
            instance("i-3", UNHEALTHY, PENDING),
            instance("i-4", HEALTHY, PENDING),
            instance("i-5", UNHEALTHY, PENDING),
            instance("i-6", HEALTHY, PENDING));
    RolloutSnapshot start =
        TestFleet.start(DeploymentConfiguration.custom(MinimumHealthyHosts.hostCount(2)), fleet);

    assertThat(decider.decide(start))
        .isEqualTo(new RolloutDecision.StartBatch(1, List.of("i-3", "i-5", "i-1", "i-2")));
  }

  @Test
  void aCapLimitsTheBatch() {
    RolloutSnapshot start =
        TestFleet.start(DeploymentConfiguration.ALL_AT_ONCE, TestFleet.healthy(10))
            .withBatchPolicy(BatchPolicy.CODEDEPLOY.withMaxInProgress(4));

    ControllerLoop.Run run = ControllerLoop.failing(id -> false).run(start);

    assertThat(run.batches())
        .extracting(batch -> batch.instanceIds().size())
        .containsExactly(4, 4, 2);
  }

  @Test
  void wavesWaitForTheWholeBatch() {
    // HOST_COUNT 2 of 6: first batch of 4; one finished, three still running.
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, SUCCEEDED),
            instance("i-2", HEALTHY, IN_PROGRESS),
            instance("i-3", HEALTHY, IN_PROGRESS),
            instance("i-4", HEALTHY, IN_PROGRESS),
            instance("i-5", HEALTHY, PENDING),
            instance("i-6", HEALTHY, PENDING));
    RolloutSnapshot snapshot = new RolloutSnapshot(2, BatchPolicy.CODEDEPLOY, fleet, 1, false);

    assertThat(decider.decide(snapshot))
        .isEqualTo(new RolloutDecision.Wait(List.of("i-2", "i-3", "i-4")));
  }

  @Test
  void rollingStartsAsSoonAsCapacityFreesUp() {
    // Same moment, rolling: healthy is i-1, i-5, i-6 = 3, minimum 2, so one more may start.
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, SUCCEEDED),
            instance("i-2", HEALTHY, IN_PROGRESS),
            instance("i-3", HEALTHY, IN_PROGRESS),
            instance("i-4", HEALTHY, IN_PROGRESS),
            instance("i-5", HEALTHY, PENDING),
            instance("i-6", HEALTHY, PENDING));
    RolloutSnapshot snapshot =
        new RolloutSnapshot(2, BatchPolicy.of(Pacing.ROLLING), fleet, 1, false);

    assertThat(decider.decide(snapshot))
        .isEqualTo(new RolloutDecision.StartBatch(2, List.of("i-5")));
  }

  @Test
  void rollingCapCountsInstancesAlreadyInProgress() {
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, IN_PROGRESS),
            instance("i-2", HEALTHY, SUCCEEDED),
            instance("i-3", HEALTHY, PENDING),
            instance("i-4", HEALTHY, PENDING),
            instance("i-5", HEALTHY, PENDING));
    RolloutSnapshot snapshot =
        new RolloutSnapshot(
            0, BatchPolicy.of(Pacing.ROLLING).withMaxInProgress(2), fleet, 1, false);

    assertThat(decider.decide(snapshot))
        .isEqualTo(new RolloutDecision.StartBatch(2, List.of("i-3")));
  }

  @Test
  void rollingWaitsWhenNoCapacityIsFree() {
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, IN_PROGRESS),
            instance("i-2", HEALTHY, SUCCEEDED),
            instance("i-3", HEALTHY, PENDING));
    RolloutSnapshot snapshot =
        new RolloutSnapshot(2, BatchPolicy.of(Pacing.ROLLING), fleet, 1, false);

    assertThat(decider.decide(snapshot)).isEqualTo(new RolloutDecision.Wait(List.of("i-1")));
  }
}
