package io.fleetdeploy.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class DeploymentConfigurationParserTest {

  @Test
  void predefinedNamesWithAndWithoutTheCodeDeployPrefix() {
    assertThat(DeploymentConfigurationParser.parseName("AllAtOnce"))
        .isEqualTo(DeploymentConfiguration.ALL_AT_ONCE);
    assertThat(DeploymentConfigurationParser.parseName("HalfAtATime"))
        .isEqualTo(DeploymentConfiguration.HALF_AT_A_TIME);
    assertThat(DeploymentConfigurationParser.parseName("CodeDeployDefault.OneAtATime"))
        .isEqualTo(DeploymentConfiguration.ONE_AT_A_TIME);
  }

  @Test
  void neitherNameNorMinimumMeansOneAtATime() {
    assertThat(DeploymentConfigurationParser.parse(null, null, null))
        .isEqualTo(DeploymentConfiguration.ONE_AT_A_TIME);
  }

  @Test
  void customMinimum() {
    assertThat(DeploymentConfigurationParser.parse(null, "HOST_COUNT", 6))
        .isEqualTo(DeploymentConfiguration.custom(MinimumHealthyHosts.hostCount(6)));
    assertThat(
            DeploymentConfigurationParser.parse(null, "FLEET_PERCENT", 40).minimumHealthyHosts(10))
        .isEqualTo(4);
    assertThat(DeploymentConfigurationParser.parseMinimum("FLEET_PERCENT", 0))
        .isEqualTo(MinimumHealthyHosts.fleetPercent(0));
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    RolloutSettingException error =
        catchThrowableOfType(
            RolloutSettingException.class,
            () -> DeploymentConfigurationParser.parseName("TwoAtATime"));
    assertThat(error.field()).isEqualTo("name");
    assertThat(error.getMessage())
        .isEqualTo(
            "name: unknown deployment configuration 'TwoAtATime'; expected AllAtOnce, HalfAtATime"
                + " or OneAtATime, or minimumHealthyHosts for a custom one");
  }

  @Test
  void wrongCaseIsANearMiss() {
    assertThatThrownBy(() -> DeploymentConfigurationParser.parseName("oneatatime"))
        .hasMessage(
            "name: unknown deployment configuration 'oneatatime'; did you mean 'OneAtATime'?"
                + " Names are case-sensitive");
  }

  @Test
  void emptyName() {
    assertThatThrownBy(() -> DeploymentConfigurationParser.parseName(" "))
        .hasMessage("name: is empty; expected AllAtOnce, HalfAtATime or OneAtATime");
  }

  @Test
  void nameAndMinimumTogetherAreRejected() {
    assertThatThrownBy(() -> DeploymentConfigurationParser.parse("AllAtOnce", "HOST_COUNT", 1))
        .isInstanceOf(RolloutSettingException.class)
        .hasMessage(
            "deploymentConfig: set either name or minimumHealthyHosts, not both (name is 'AllAtOnce')");
  }

  @Test
  void minimumTypeProblems() {
    assertThatThrownBy(() -> DeploymentConfigurationParser.parseMinimum(null, 3))
        .hasMessage("minimumHealthyHosts.type: is missing; expected HOST_COUNT or FLEET_PERCENT");
    assertThatThrownBy(() -> DeploymentConfigurationParser.parseMinimum("host_count", 3))
        .hasMessage(
            "minimumHealthyHosts.type: unknown type 'host_count'; expected HOST_COUNT or"
                + " FLEET_PERCENT (types are upper case)");
    assertThatThrownBy(() -> DeploymentConfigurationParser.parseMinimum("MOST_CONCURRENCY", 1))
        .hasMessage(
            "minimumHealthyHosts.type: unknown type 'MOST_CONCURRENCY'; expected HOST_COUNT or"
                + " FLEET_PERCENT");
  }

  @Test
  void minimumValueProblems() {
    assertThatThrownBy(() -> DeploymentConfigurationParser.parse(null, "HOST_COUNT", null))
        .hasMessage("minimumHealthyHosts.value: is missing; expected a number of hosts, 0 or more");
    assertThatThrownBy(() -> DeploymentConfigurationParser.parse(null, null, 5))
        .hasMessage("minimumHealthyHosts.type: is missing; expected HOST_COUNT or FLEET_PERCENT");
    assertThatThrownBy(() -> DeploymentConfigurationParser.parseMinimum("HOST_COUNT", -2))
        .hasMessage("minimumHealthyHosts.value: HOST_COUNT must be 0 or more, got -2");
    assertThatThrownBy(() -> DeploymentConfigurationParser.parseMinimum("FLEET_PERCENT", 100))
        .hasMessage(
            "minimumHealthyHosts.value: FLEET_PERCENT must be from 0 to 99, got 100 (it would leave"
                + " no instance to deploy to)");
    assertThatThrownBy(() -> DeploymentConfigurationParser.parseMinimum("FLEET_PERCENT", -1))
        .hasMessage("minimumHealthyHosts.value: FLEET_PERCENT must be from 0 to 99, got -1");
  }
}
