package io.fleetdeploy.rollout;

import static io.fleetdeploy.rollout.Health.HEALTHY;
import static io.fleetdeploy.rollout.Health.UNHEALTHY;
import static io.fleetdeploy.rollout.RevisionState.CURRENT;
import static io.fleetdeploy.rollout.RevisionState.OLD;
import static io.fleetdeploy.rollout.RevisionState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutOrderTest {

  private static InstanceProgress pending(String id, Health health, RevisionState revision) {
    return InstanceProgress.pending(id, health, revision);
  }

  @Test
  void unhealthyFirstThenUnknownThenOldThenCurrent() {
    List<InstanceProgress> given =
        List.of(
            pending("i-current", HEALTHY, CURRENT),
            pending("i-old", HEALTHY, OLD),
            pending("i-unknown", HEALTHY, UNKNOWN),
            pending("i-unhealthy-current", UNHEALTHY, CURRENT));

    assertThat(RolloutOrder.order(given))
        .extracting(InstanceProgress::id)
        .containsExactly("i-unhealthy-current", "i-unknown", "i-old", "i-current");
  }

  @Test
  void stableWithinAClass() {
    List<InstanceProgress> given =
        List.of(
            pending("i-c", HEALTHY, OLD),
            pending("i-z", UNHEALTHY, OLD),
            pending("i-a", HEALTHY, OLD),
            pending("i-y", UNHEALTHY, UNKNOWN),
            pending("i-b", HEALTHY, OLD));

    assertThat(RolloutOrder.order(given))
        .extracting(InstanceProgress::id)
        .containsExactly("i-z", "i-y", "i-c", "i-a", "i-b");
  }

  @Test
  void theFirstBatchFollowsTheOrder() {
    List<InstanceProgress> given =
        List.of(
            pending("i-1", HEALTHY, CURRENT),
            pending("i-2", HEALTHY, OLD),
            pending("i-3", HEALTHY, UNKNOWN),
            pending("i-4", HEALTHY, OLD));
    RolloutSnapshot snapshot =
        TestFleet.start(DeploymentConfiguration.custom(MinimumHealthyHosts.hostCount(2)), given);

    assertThat(new RolloutDecider().decide(snapshot))
        .isEqualTo(new RolloutDecision.StartBatch(1, List.of("i-3", "i-2")));
  }
}
