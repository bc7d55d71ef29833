package io.fleetdeploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fleetdeploy} command line: the operator itself ({@code run}) and the tools around it.
 * Each subcommand lives in its own class and is registered here.
 */
@Command(
    name = "fleetdeploy",
    mixinStandardHelpOptions = true,
    versionProvider = FleetdeployVersion.class,
    description = "Declarative CodeDeploy-style deployments to EC2 and on-premises fleets.",
    subcommands = {RunCommand.class, DemoCommand.class, AppspecCommand.class, LocalCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class FleetdeployCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // No subcommand given: show what there is, and fail like any usage error.
    throw new CommandLine.ParameterException(spec.commandLine(), "no command given: "
        + String.join(", ", spec.subcommands().keySet()));
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (0 ok, 1 failure, 2 usage error). */
  public static int execute(String... args) {
    return new CommandLine(new FleetdeployCommand())
        .setExecutionExceptionHandler(new ErrorMessageHandler())
        .setParameterExceptionHandler(new UsageErrorHandler())
        .execute(args);
  }
}
