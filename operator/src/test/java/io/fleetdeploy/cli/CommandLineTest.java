package io.fleetdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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
    assertThat(r.out()).contains("--namespaces", "--[no-]leader-election", "--leader-election-namespace",
        "--http-port", "--aws-region", "--aws-endpoint", "--log-format", "FLEETDEPLOY_NAMESPACES");
  }

  @Test
  void aBadFlagIsAUsageErrorWithAMessageNotAStackTrace() {
    Run r = run("run", "--http-port", "eighty");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Invalid value for option '--http-port': 'eighty' is not an int")
        .doesNotContain("Exception");
  }

  @Test
  void noSubcommandIsAUsageError() {
    Run r = run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("fleetdeploy: no command given: run, demo, appspec, local, bench, help\n"
        + "see 'fleetdeploy --help'\n");
  }

  @Test
  void aUsageErrorIsTheErrorAndWhereToLookNotTheWholeHelp() {
    Run r = run("run", "--http-port", "eighty");
    assertThat(r.err()).isEqualTo("fleetdeploy run: Invalid value for option '--http-port': 'eighty' is not an int\n"
        + "see 'fleetdeploy run --help'\n");
    Run check = run("appspec", "check");
    assertThat(check.code()).isEqualTo(2);
    assertThat(check.err()).startsWith("fleetdeploy appspec check: Missing required parameter: 'PATH'\n")
        .endsWith("see 'fleetdeploy appspec check --help'\n").doesNotContain("Usage:");
  }

  @Test
  void aMisspeltCommandOrOptionGetsTheClosestOne() {
    Run command = run("dmeo");
    assertThat(command.code()).isEqualTo(2);
    assertThat(command.err()).isEqualTo("fleetdeploy: unknown command 'dmeo'; did you mean demo?\n"
        + "see 'fleetdeploy --help'\n");
    assertThat(run("appspec", "chek", "bundle.zip").err())
        .startsWith("fleetdeploy appspec: unknown command 'chek'; did you mean check?\n");
    assertThat(run("demo", "--instancez", "3").err())
        .startsWith("fleetdeploy demo: Unknown options: '--instancez', '3'; did you mean --instances?\n");
    assertThat(run("bench", "--hookms=5").err())
        .startsWith("fleetdeploy bench: Unknown option: '--hookms=5'; did you mean --hook-ms?\n");
    assertThat(run("frobnicate").err()).isEqualTo("fleetdeploy: unknown command 'frobnicate'\n"
        + "see 'fleetdeploy --help'\n");
  }

  @Test
  void everyCommandListedInAHelpIsSummedUpInAWholeSentence() {
    // A help's list of commands shows the first line of each one's description: it must not stop mid-sentence.
    List<String> cut = new ArrayList<>();
    Deque<CommandLine> todo = new ArrayDeque<>(List.of(new CommandLine(new FleetdeployCommand())));
    while (!todo.isEmpty()) {
      CommandLine command = todo.pop();
      command.getSubcommands().values().forEach(sub -> {
        todo.push(sub);
        String[] description = sub.getCommandSpec().usageMessage().description();
        if (description.length == 0 || !description[0].strip().endsWith(".")) {
          cut.add(sub.getCommandSpec().qualifiedName() + ": " + (description.length == 0 ? "none" : description[0]));
        }
      });
    }
    assertThat(cut).isEmpty();
    assertThat(run("appspec", "--help").out())
        .containsPattern("check  Checks a bundle as the CodeDeploy agent would and reports every\\s+problem at "
            + "once\\.");
  }
}
