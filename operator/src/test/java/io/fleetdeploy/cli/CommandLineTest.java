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
    assertThat(run().code()).isEqualTo(2);
  }
}
