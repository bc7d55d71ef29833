package io.fleetdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line answers --help everywhere and turns bad flags into usage errors (exit 2). */
class CommandLineTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = FleetdeployCommand.execute(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void topLevelHelpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: fleetdeploy", "run");
  }

  @Test
  void runHelpDescribesEveryOption() {
    Run r = run("run", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "--namespaces",
            "--[no-]leader-election",
            "--leader-election-namespace",
            "--http-port",
            "--aws-region",
            "--aws-endpoint",
            "--log-format",
            "FLEETDEPLOY_NAMESPACES");
  }

  @Test
  void aBadFlagIsAUsageErrorWithAMessageNotAStackTrace() {
    Run r = run("run", "--http-port", "eighty");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("Invalid value for option '--http-port': 'eighty' is not an int")
        .doesNotContain("Exception");
  }

  @Test
  void noSubcommandIsAUsageError() {
    Run r = run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "fleetdeploy: no command given: run, appspec, local, help\n"
                + "see 'fleetdeploy --help'\n");
  }

  @Test
  void aUsageErrorIsTheErrorAndWhereToLookNotTheWholeHelp() {
    Run r = run("run", "--http-port", "eighty");
    assertThat(r.err())
        .isEqualTo(
            "fleetdeploy run: Invalid value for option '--http-port': 'eighty' is not an int\n"
                + "see 'fleetdeploy run --help'\n");
    Run check = run("appspec", "check");
    assertThat(check.code()).isEqualTo(2);
    assertThat(check.err())
        .startsWith("fleetdeploy appspec check: Missing required parameter: 'PATH'\n")
        .endsWith("see 'fleetdeploy appspec check --help'\n")
        .doesNotContain("Usage:");
  }

  @Test
  void aMisspeltCommandOrOptionGetsTheClosestOne() {
    Run command = run("lcoal");
    assertThat(command.code()).isEqualTo(2);
    assertThat(command.err())
        .isEqualTo(
            "fleetdeploy: unknown command 'lcoal'; did you mean local?\n"
                + "see 'fleetdeploy --help'\n");
    assertThat(run("appspec", "chek", "bundle.zip").err())
        .startsWith("fleetdeploy appspec: unknown command 'chek'; did you mean check?\n");
    assertThat(run("run", "--aws-regoin", "eu-west-1").err())
        .startsWith(
            "fleetdeploy run: Unknown options: '--aws-regoin', 'eu-west-1'; did you mean --aws-region?\n");
    assertThat(run("frobnicate").err())
        .isEqualTo("fleetdeploy: unknown command 'frobnicate'\n" + "see 'fleetdeploy --help'\n");
  }

  @Test
  void demoAndBenchSayWhichJarHasThem() {
    // The operator's jar (and image) has neither: someone following an older document should learn
    // where they are.
    Run demo = run("demo");
    assertThat(demo.code()).isEqualTo(2);
    assertThat(demo.err())
        .isEqualTo(
            "fleetdeploy: unknown command 'demo'; demo is a command of the developer tools' "
                + "jar (devtools/target/fleetdeploy.jar), not of the operator's\n"
                + "see 'fleetdeploy --help'\n");
    assertThat(run("bench", "--instances", "3").err())
        .startsWith(
            "fleetdeploy: unknown command 'bench'; bench is a "
                + "command of the developer tools' jar (devtools/target/fleetdeploy.jar), not of the operator's\n");
  }

  @Test
  void everyCommandListedInAHelpIsSummedUpInAWholeSentence() {
    assertThat(HelpSummaries.cutShort(FleetdeployCommand.commandLine())).isEmpty();
    assertThat(run("appspec", "--help").out())
        .containsPattern(
            "check  Checks a bundle as the CodeDeploy agent would and reports every\\s+problem at "
                + "once\\.");
  }
}
