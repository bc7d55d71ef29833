package io.fleetdeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeploymentConfigurationTest {

  @ParameterizedTest(name = "AllAtOnce keeps 0 healthy of {0}")
  @CsvSource({"1", "2", "10", "1000"})
  void allAtOnceKeepsNoHostHealthy(int instances) {
    assertThat(DeploymentConfiguration.ALL_AT_ONCE.minimumHealthyHosts(instances)).isZero();
  }

  @ParameterizedTest(name = "HalfAtATime keeps {1} healthy of {0}")
  @CsvSource({"1, 1", "2, 1", "6, 3", "9, 5", "10, 5", "11, 6"})
  void halfAtATimeKeepsHalfRoundedUp(int instances, int minimum) {
    assertThat(DeploymentConfiguration.HALF_AT_A_TIME.minimumHealthyHosts(instances))
        .isEqualTo(minimum);
  }

  @ParameterizedTest(name = "OneAtATime keeps {1} healthy of {0}")
  @CsvSource({"1, 0", "2, 1", "10, 9", "300, 299"})
  void oneAtATimeKeepsAllButOne(int instances, int minimum) {
    assertThat(DeploymentConfiguration.ONE_AT_A_TIME.minimumHealthyHosts(instances))
        .isEqualTo(minimum);
  }

  @ParameterizedTest(name = "FLEET_PERCENT {1} of {0} is {2}")
  @CsvSource({
    "10, 40, 4",
    "10, 95, 10",
    "9, 40, 4",
    "3, 1, 1",
    "7, 0, 0",
    "200, 99, 198",
    "3, 34, 2"
  })
  void fleetPercentRoundsUp(int instances, int percent, int minimum) {
    assertThat(MinimumHealthyHosts.fleetPercent(percent).resolve(instances)).isEqualTo(minimum);
  }

  @Test
  void hostCountIsTheCountWhateverTheFleet() {
    assertThat(MinimumHealthyHosts.hostCount(6).resolve(9)).isEqualTo(6);
    assertThat(MinimumHealthyHosts.hostCount(6).resolve(3)).isEqualTo(6);
  }

  @Test
  void explanationsShowTheArithmetic() {
    assertThat(MinimumHealthyHosts.fleetPercent(95).explain(10))
        .isEqualTo("FLEET_PERCENT 95 of 10 instances, rounded up");
    assertThat(MinimumHealthyHosts.fleetPercent(50).explain(10))
        .as("no rounding happened, so none is claimed")
        .isEqualTo("FLEET_PERCENT 50 of 10 instances");
    assertThat(MinimumHealthyHosts.hostCount(6).explain(9))
        .isEqualTo("HOST_COUNT 6 of 9 instances");
    assertThat(MinimumHealthyHosts.allButOne().explain(1)).isEqualTo("all but one of 1 instance");
  }

  @Test
  void rulesRejectImpossibleNumbers() {
    assertThatThrownBy(() -> MinimumHealthyHosts.hostCount(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> MinimumHealthyHosts.fleetPercent(101)).hasMessageContaining("101");
  }
}
