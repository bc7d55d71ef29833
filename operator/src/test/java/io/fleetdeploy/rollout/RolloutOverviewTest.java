package io.fleetdeploy.rollout;

import static io.fleetdeploy.rollout.Health.HEALTHY;
import static io.fleetdeploy.rollout.InstanceStatus.FAILED;
import static io.fleetdeploy.rollout.InstanceStatus.IN_PROGRESS;
import static io.fleetdeploy.rollout.InstanceStatus.PENDING;
import static io.fleetdeploy.rollout.InstanceStatus.SKIPPED;
import static io.fleetdeploy.rollout.InstanceStatus.SUCCEEDED;
import static io.fleetdeploy.rollout.TestFleet.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutOverviewTest {

  @Test
  void countsEachStatus() {
    List<InstanceProgress> fleet =
        List.of(
            instance("i-1", HEALTHY, PENDING),
            instance("i-2", HEALTHY, PENDING),
            instance("i-3", HEALTHY, IN_PROGRESS),
            instance("i-4", HEALTHY, SUCCEEDED),
            instance("i-5", HEALTHY, FAILED),
            instance("i-6", HEALTHY, SKIPPED),
            instance("i-7", HEALTHY, SKIPPED));

    RolloutOverview overview = RolloutOverview.of(fleet);

    assertThat(overview).isEqualTo(new RolloutOverview(2, 1, 1, 1, 2));
    assertThat(overview.total()).isEqualTo(7);
  }

  @Test
  void progressIsSucceededOfTotal() {
    List<InstanceProgress> fleet = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fleet.add(instance("i-" + i, HEALTHY, i < 6 ? SUCCEEDED : i < 7 ? FAILED : PENDING));
    }
    assertThat(RolloutOverview.of(RolloutSnapshot.atStart(0, List.of())).progress())
        .isEqualTo("0/0");
    assertThat(RolloutOverview.of(fleet).progress()).isEqualTo("6/10");
  }
}
