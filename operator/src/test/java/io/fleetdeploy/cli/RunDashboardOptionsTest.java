package io.fleetdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.dashboard.DashboardSettings;
import io.fleetdeploy.operator.OperatorSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code run}'s dashboard flags: on by default on 8081, read-only, the proxy's headers. */
class RunDashboardOptionsTest {
  private static final OperatorSettings OPERATOR =
      new OperatorSettings(
          Set.of("team-a"),
          true,
          Optional.empty(),
          "lease",
          8080,
          "eu-west-1",
          Optional.empty(),
          4,
          Timing.defaults(),
          Duration.ofSeconds(60));

  private static RunCommand parse(String... args) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    return run;
  }

  @Test
  void onByDefaultOnPort8081ReadOnlyInTheOperatorsNamespaces() {
    RunCommand run = parse();
    DashboardSettings settings = run.dashboardSettings(OPERATOR);

    assertThat(run.ui).isTrue();
    assertThat(settings.port()).isEqualTo(8081);
    assertThat(settings.actions()).isFalse();
    assertThat(settings.namespaces()).containsExactly("team-a");
    assertThat(settings.userHeader()).isEqualTo("X-Forwarded-User");
    assertThat(settings.groupsHeader()).isEqualTo("X-Forwarded-Groups");
    assertThat(settings.loopbackOnly()).isFalse();
  }

  @Test
  void turnedOffEitherWay() {
    assertThat(parse("--ui=false").ui).isFalse();
    assertThat(parse("--no-ui").ui).isFalse();
    assertThat(parse("--ui").ui).isTrue();
  }

  @Test
  void portActionsAndHeadersAreOptions() {
    DashboardSettings settings =
        parse(
                "--ui-port",
                "9000",
                "--ui-actions",
                "--ui-user-header",
                "X-Auth-Request-User",
                "--ui-groups-header",
                "X-Auth-Request-Groups")
            .dashboardSettings(OPERATOR);

    assertThat(settings.port()).isEqualTo(9000);
    assertThat(settings.actions()).isTrue();
    assertThat(settings.userHeader()).isEqualTo("X-Auth-Request-User");
    assertThat(settings.groupsHeader()).isEqualTo("X-Auth-Request-Groups");
  }
}
