package io.fleetdeploy.demo;

import io.fleetdeploy.cli.FleetdeployTools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code fleetdeploy demo} in this JVM, as the jar would, and keeps its exit code and both
 * streams.
 */
record DemoInvocation(int exitCode, String out, String err) {
  /** The repository's samples/ (Surefire runs in the module's directory). */
  static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

  /**
   * {@code fleetdeploy demo [--port 0] [--ui-port 0] [--samples <repo>/samples] ARGS}: free ports
   * and the repository's samples unless given.
   */
  static synchronized DemoInvocation demo(String... args) {
    List<String> command = new ArrayList<>(List.of("demo"));
    if (!List.of(args).contains("--port")) {
      command.addAll(List.of("--port", "0"));
    }
    if (!List.of(args).contains("--ui-port") && !List.of(args).contains("--no-ui")) {
      command.addAll(List.of("--ui-port", "0"));
    }
    if (!List.of(args).contains("--samples")) {
      command.addAll(List.of("--samples", SAMPLES.toString()));
    }
    command.addAll(List.of(args));
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = FleetdeployTools.execute(command.toArray(String[]::new));
      return new DemoInvocation(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
      originalErr.print(err.toString(StandardCharsets.UTF_8));
    }
  }
}
