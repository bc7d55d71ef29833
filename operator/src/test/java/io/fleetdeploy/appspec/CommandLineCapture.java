package io.fleetdeploy.appspec;

import io.fleetdeploy.cli.FleetdeployCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/** Runs the {@code fleetdeploy} command line in-process and captures what it prints. */
public final class CommandLineCapture {
  /** Exit code and the two streams of one invocation. */
  public record Result(int exitCode, String out, String err) {}

  private CommandLineCapture() {}

  /** Runs the operator's command line. */
  public static Result run(String... args) {
    return run(FleetdeployCommand::execute, args);
  }

  /**
   * Runs a command line given as its {@code execute} (arguments to exit code), e.g. the devtools
   * jar's.
   */
  public static synchronized Result run(ToIntFunction<String[]> commandLine, String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exitCode = commandLine.applyAsInt(args);
      return new Result(
          exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
