package io.fleetdeploy.cli;

import picocli.CommandLine;

/**
 * The main class of {@code devtools/target/fleetdeploy.jar}: the {@code fleetdeploy} command line
 * with every command, the operator's ({@code run}, {@code appspec}, {@code local}) and the ones
 * that run the whole system in this process ({@code demo}, {@code bench}).
 */
public final class FleetdeployTools {
  private FleetdeployTools() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 usage error). */
  public static int execute(String... args) {
    return FleetdeployCommand.execute(commandLine(), args);
  }

  public static CommandLine commandLine() {
    return FleetdeployCommand.commandLine(new DemoCommand(), new BenchCommand());
  }
}
