package io.fleetdeploy.rollout;

import static io.fleetdeploy.rollout.RollbackTrigger.DEPLOYMENT_FAILURE;
import static io.fleetdeploy.rollout.RollbackTrigger.DEPLOYMENT_STOP_ON_REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollbackPolicyTest {

  @Test
  void apiAndCodeDeployNamesBothParse() {
    assertThat(
            RollbackPolicy.parse(true, List.of("DeploymentFailure", "DEPLOYMENT_STOP_ON_REQUEST")))
        .isEqualTo(
            new RollbackPolicy(true, Set.of(DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_REQUEST)));
  }

  @Test
  void noEventsIsAnEmptySet() {
    assertThat(RollbackPolicy.parse(true, null)).isEqualTo(new RollbackPolicy(true, Set.of()));
  }

  @Test
  void unknownEventNamesItsPosition() {
    assertThatThrownBy(
            () -> RollbackPolicy.parse(true, List.of("DeploymentFailure", "DeploymentFailed")))
        .isInstanceOf(RolloutSettingException.class)
        .hasMessage(
            "events[1]: unknown event 'DeploymentFailed'; expected DeploymentFailure or"
                + " DeploymentStopOnRequest or DeploymentStopOnAlarm");
  }

  @Test
  void stopOnAlarmIsAnEvent() {
    assertThat(RollbackPolicy.parse(true, List.of("DeploymentStopOnAlarm")).triggers())
        .containsExactly(RollbackTrigger.DEPLOYMENT_STOP_ON_ALARM);
    assertThat(RollbackPolicy.parse(true, List.of("DEPLOYMENT_STOP_ON_ALARM")).triggers())
        .containsExactly(RollbackTrigger.DEPLOYMENT_STOP_ON_ALARM);
  }

  @Test
  void emptyEvent() {
    assertThatThrownBy(() -> RollbackPolicy.parse(true, Arrays.asList("DeploymentFailure", null)))
        .hasMessage(
            "events[1]: is empty; expected DeploymentFailure or DeploymentStopOnRequest or"
                + " DeploymentStopOnAlarm");
  }
}
