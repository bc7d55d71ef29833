package io.fleetdeploy.cli;

import io.fleetdeploy.appspec.ClosestName;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * A usage error in two lines, not the whole help: what is wrong (with the closest command or
 * option when one was misspelt), and which {@code --help} to read. Exit code 2.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine command = ex.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    err.println(name + ": " + message(ex) + hint(ex).map(h -> "; did you mean " + h + "?").orElse(""));
    err.println("see '" + name + " --help'");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** Picocli's message, except for a word where a command was expected: "unknown command", not an index. */
  private static String message(CommandLine.ParameterException ex) {
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-") && !ex.getCommandLine().getSubcommands().isEmpty()) {
      return "unknown command '" + unmatched.getUnmatched().get(0) + "'";
    }
    return ex.getMessage();
  }

  /** The command or option the user probably meant, if a word was not understood. */
  static Optional<String> hint(CommandLine.ParameterException ex) {
    if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
      return Optional.empty();
    }
    String typed = unmatched.getUnmatched().get(0);
    CommandLine command = ex.getCommandLine();
    if (typed.startsWith("-")) {
      String option = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
      List<String> options = command.getCommandSpec().options().stream().flatMap(o -> List.of(o.names()).stream())
          .toList();
      return ClosestName.among(options, option);
    }
    return ClosestName.among(command.getSubcommands().keySet(), typed);
  }
}
