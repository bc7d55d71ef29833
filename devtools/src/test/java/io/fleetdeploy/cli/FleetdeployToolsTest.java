package io.fleetdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.CommandLineCapture;
import io.fleetdeploy.appspec.CommandLineCapture.Result;
import org.junit.jupiter.api.Test;

/**
 * The devtools jar's command line: the operator's commands and demo and bench, with the same usage
 * errors (CommandLineTest checks the operator's own).
 */
class FleetdeployToolsTest {
  private static Result run(String... args) {
    return CommandLineCapture.run(FleetdeployTools::execute, args);
  }

  @Test
  void hasEveryCommandOfTheOperatorAndTheTools() {
    Result r = run();
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "fleetdeploy: no command given: run, appspec, local, demo, bench, help\n"
                + "see 'fleetdeploy --help'\n");
    assertThat(FleetdeployTools.commandLine().getSubcommands().keySet())
        .containsAll(FleetdeployCommand.commandLine().getSubcommands().keySet());
  }

  @Test
  void aMisspeltCommandOrOptionGetsTheClosestOne() {
    Result command = run("dmeo");
    assertThat(command.exitCode()).isEqualTo(2);
    assertThat(command.err())
        .isEqualTo(
            "fleetdeploy: unknown command 'dmeo'; did you mean demo?\n"
                + "see 'fleetdeploy --help'\n");
    assertThat(run("demo", "--instancez", "3").err())
        .startsWith(
            "fleetdeploy demo: Unknown options: '--instancez', '3'; did you mean --instances?\n");
    assertThat(run("bench", "--hookms=5").err())
        .startsWith("fleetdeploy bench: Unknown option: '--hookms=5'; did you mean --hook-ms?\n");
  }

  @Test
  void everyCommandListedInAHelpIsSummedUpInAWholeSentence() {
    assertThat(HelpSummaries.cutShort(FleetdeployTools.commandLine())).isEmpty();
  }
}
