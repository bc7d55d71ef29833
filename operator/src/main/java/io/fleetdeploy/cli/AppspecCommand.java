package io.fleetdeploy.cli;

import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code fleetdeploy appspec check PATH}: the AppSpec linter for CI. */
@Command(
    name = "appspec",
    mixinStandardHelpOptions = true,
    description = "Work with CodeDeploy AppSpec files and bundles.")
public final class AppspecCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: try 'appspec check PATH'");
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Checks a bundle as the CodeDeploy agent would and reports every problem at once.",
        "Each problem is one line:",
        "  ERROR|WARNING <file>:<line> <key path>: <message>",
        "Exit code: 0 the bundle would deploy (warnings allowed), 1 it would be rejected, 2 usage error."
      })
  int check(
      @Parameters(
              paramLabel = "PATH",
              description = "a bundle directory, a zip/tar/tgz archive or an appspec file")
          Path path,
      @CommandLine.Option(
              names = "--lenient",
              description =
                  "report hook scripts and files sources the bundle lacks as warnings, not errors")
          boolean lenient) {
    CommandLine check = spec.commandLine().getSubcommands().get("check");
    if (!Files.exists(path)) {
      throw new CommandLine.ParameterException(check, "no such file or directory: " + path);
    }
    AppSpecReport report = AppSpecCheck.check(path, lenient);
    PrintWriter out = check.getOut();
    report.problems().forEach(out::println);
    out.println(
        path
            + (report.isDeployable() ? " would deploy" : " would be rejected")
            + " ("
            + count(report.errors().size(), "error")
            + ", "
            + count(report.warnings().size(), "warning")
            + ")");
    out.flush();
    return report.isDeployable() ? 0 : 1;
  }

  static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
