package io.fleetdeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartCheckTest {

  @Test
  void noInstancesFailsWithNoInstances() {
    StartVerdict verdict = StartCheck.evaluate(DeploymentConfiguration.ALL_AT_ONCE, 0);
    assertThat(verdict).isInstanceOf(StartVerdict.Rejected.class);
    assertThat(((StartVerdict.Rejected) verdict).errorCode())
        .isEqualTo(RolloutErrorCode.NO_INSTANCES);
  }

  @Test
  void minimumNotBelowTheFleetIsInvalidAndTheMessageShowsTheArithmetic() {
    DeploymentConfiguration ninetyFive =
        DeploymentConfiguration.custom(MinimumHealthyHosts.fleetPercent(95));
    assertThat(StartCheck.evaluate(ninetyFive, 10))
        .isEqualTo(
            new StartVerdict.Rejected(
                RolloutErrorCode.HEALTH_CONSTRAINTS_INVALID,
                "minimum healthy hosts is 10 (FLEET_PERCENT 95 of 10 instances, rounded up), which"
                    + " leaves no instance to deploy to; lower it below 10"));
  }

  @Test
  void hostCountEqualToTheFleetIsInvalid() {
    StartVerdict verdict =
        StartCheck.evaluate(DeploymentConfiguration.custom(MinimumHealthyHosts.hostCount(3)), 3);
    assertThat(verdict)
        .isEqualTo(
            new StartVerdict.Rejected(
                RolloutErrorCode.HEALTH_CONSTRAINTS_INVALID,
                "minimum healthy hosts is 3 (HOST_COUNT 3 of 3 instances), which leaves no instance"
                    + " to deploy to; lower it below 3"));
  }

  @Test
  void halfAtATimeOnOneInstanceIsInvalid() {
    assertThat(StartCheck.evaluate(DeploymentConfiguration.HALF_AT_A_TIME, 1))
        .isInstanceOf(StartVerdict.Rejected.class);
  }

  @ParameterizedTest(name = "OneAtATime on {0} instances is accepted")
  @ValueSource(ints = {1, 2, 10, 500})
  void oneAtATimeIsNeverInvalid(int instances) {
    StartVerdict verdict = StartCheck.evaluate(DeploymentConfiguration.ONE_AT_A_TIME, instances);
    assertThat(verdict).isInstanceOf(StartVerdict.Accepted.class);
    assertThat(((StartVerdict.Accepted) verdict).minimumHealthyHosts()).isEqualTo(instances - 1);
    assertThat(((StartVerdict.Accepted) verdict).explanation())
        .contains("all but one of " + instances);
  }

  @Test
  void acceptedCarriesTheMinimumToKeep() {
    assertThat(
            StartCheck.evaluate(
                DeploymentConfiguration.custom(MinimumHealthyHosts.fleetPercent(40)), 10))
        .isEqualTo(new StartVerdict.Accepted(4, "4 (FLEET_PERCENT 40 of 10 instances)"));
  }
}
