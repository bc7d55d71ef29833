package io.fleetdeploy.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a command into one line on stderr and exit code 1: users see what
 * went wrong, not a stack trace. {@code --debug-stacktrace}-style detail goes to the log instead.
 */
final class ErrorMessageHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    commandLine.getErr().println("fleetdeploy " + commandLine.getCommandName() + ": " + message);
    org.slf4j.LoggerFactory.getLogger(ErrorMessageHandler.class).debug("command failed", ex);
    return 1;
  }
}
