package io.fleetdeploy.rollout;

import static io.fleetdeploy.rollout.Health.HEALTHY;
import static io.fleetdeploy.rollout.InstanceStatus.IN_PROGRESS;
import static io.fleetdeploy.rollout.InstanceStatus.PENDING;
import static io.fleetdeploy.rollout.TestFleet.instance;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A snapshot the controller built wrongly is refused with a message that says how. */
class RolloutSnapshotTest {

  @Test
  void duplicateInstance() {
    assertThatThrownBy(
            () ->
                RolloutSnapshot.atStart(
                    0,
                    List.of(instance("i-1", HEALTHY, PENDING), instance("i-1", HEALTHY, PENDING))))
        .hasMessage("instance i-1 is listed twice");
  }

  @Test
  void startedInstanceWithoutABatch() {
    assertThatThrownBy(
            () -> RolloutSnapshot.atStart(0, List.of(instance("i-1", HEALTHY, IN_PROGRESS))))
        .hasMessage(
            "instance i-1 is IN_PROGRESS but no batch has been started (batchesStarted is 0)");
  }

  @Test
  void negativeNumbers() {
    assertThatThrownBy(() -> RolloutSnapshot.atStart(-1, List.of()))
        .hasMessage("minimumHealthyHosts must not be negative, got -1");
    assertThatThrownBy(() -> new RolloutSnapshot(0, BatchPolicy.CODEDEPLOY, List.of(), -1, false))
        .hasMessage("batchesStarted must not be negative, got -1");
    assertThatThrownBy(() -> BatchPolicy.CODEDEPLOY.withMaxInProgress(0))
        .hasMessage("maxInProgress must be at least 1, got 0");
  }

  @Test
  void emptyInstanceId() {
    assertThatThrownBy(() -> instance(" ", HEALTHY, PENDING))
        .hasMessage("instance id must not be empty");
  }
}
