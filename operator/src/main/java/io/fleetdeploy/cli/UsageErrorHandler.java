package io.fleetdeploy.cli;

import io.fleetdeploy.appspec.ClosestName;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;

/**
 * A usage error in two lines, not the whole help: what is wrong (with the closest command or option
 * when one was misspelt), and which {@code --help} to read. Exit code 2.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
  /**
   * Commands of the developer tools' jar only: the operator's jar (and image) says where they are.
   */
  private static final Set<String> DEVTOOLS_COMMANDS = Set.of("demo", "bench");

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    err.println(
        name
            + ": "
            + message(ex)
            + elsewhere(ex).or(() -> hint(ex).map(h -> "; did you mean " + h + "?")).orElse(""));
    err.println("see '" + name + " --help'");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /**
   * Picocli's message, except for a word where a command was expected: "unknown command", not an
   * index.
   */
  private static String message(CommandLine.ParameterException ex) {
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")
        && !ex.getCommandLine().getSubcommands().isEmpty()) {
      return "unknown command '" + unmatched.getUnmatched().get(0) + "'";
    }
    return ex.getMessage();
  }

  /**
   * Where a command of the developer tools is, when the operator's command line was asked for it.
   */
  static Optional<String> elsewhere(CommandLine.ParameterException ex) {
    CommandLine command = ex.getCommandLine();
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()
        && command.getParent() == null
        && DEVTOOLS_COMMANDS.contains(unmatched.getUnmatched().get(0))
        && !command.getSubcommands().containsKey(unmatched.getUnmatched().get(0))) {
      return Optional.of(
          "; "
              + unmatched.getUnmatched().get(0)
              + " is a command of the developer tools' jar "
              + "(devtools/target/fleetdeploy.jar), not of the operator's");
    }
    return Optional.empty();
  }

  /** The command or option the user probably meant, if a word was not understood. */
  static Optional<String> hint(CommandLine.ParameterException ex) {
    if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched)
        || unmatched.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    String typed = unmatched.getUnmatched().get(0);
    CommandLine command = ex.getCommandLine();
    if (typed.startsWith("-")) {
      String option = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
      List<String> options =
          command.getCommandSpec().options().stream()
              .flatMap(o -> List.of(o.names()).stream())
              .toList();
      return ClosestName.among(options, option);
    }
    return ClosestName.among(command.getSubcommands().keySet(), typed);
  }
}
