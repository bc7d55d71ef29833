package io.fleetdeploy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fleetdeploy} command line of the operator's jar: the operator itself ({@code run}) and
 * the commands that work on bundles ({@code appspec}, {@code local}). Each subcommand lives in its
 * own class and is registered here. The devtools jar adds {@code demo} and {@code bench} ({@link
 * #commandLine(Object...)}), which need the simulator and the embedded API server: the operator's
 * jar and image hold neither.
 */
@Command(
    name = "fleetdeploy",
    mixinStandardHelpOptions = true,
    versionProvider = FleetdeployVersion.class,
    description = "Declarative CodeDeploy-style deployments to EC2 and on-premises fleets.",
    subcommands = {RunCommand.class, AppspecCommand.class, LocalCommand.class})
public final class FleetdeployCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // No subcommand given: show what there is, and fail like any usage error.
    throw new CommandLine.ParameterException(
        spec.commandLine(), "no command given: " + String.join(", ", spec.subcommands().keySet()));
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the operator's command line and returns its exit code (0 ok, 1 failure, 2 usage error).
   */
  public static int execute(String... args) {
    return execute(commandLine(), args);
  }

  /**
   * Runs {@code commandLine} (one of {@link #commandLine(Object...)}) and returns its exit code.
   */
  public static int execute(CommandLine commandLine, String... args) {
    return commandLine
        .setExecutionExceptionHandler(new ErrorMessageHandler())
        .setParameterExceptionHandler(new UsageErrorHandler())
        .execute(args);
  }

  /**
   * The operator's commands, then {@code moreCommands} (picocli {@code @Command} objects), then
   * {@code help}.
   */
  public static CommandLine commandLine(Object... moreCommands) {
    CommandLine commandLine = new CommandLine(new FleetdeployCommand());
    for (Object command : moreCommands) {
      commandLine.addSubcommand(command);
    }
    return commandLine.addSubcommand(new CommandLine.HelpCommand());
  }
}
