package io.fleetdeploy.kubectl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code install DIR}: writes the launchers {@code kubectl-fleetdeploy} and {@code kubectl-fd} into
 * a directory on PATH; each runs this jar where it is now.
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description =
        "Write the kubectl-fleetdeploy and kubectl-fd launchers into DIR (a directory on PATH).")
final class InstallCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "e.g. ~/.local/bin or /usr/local/bin")
  Path dir;

  @Override
  public Integer call() {
    Path jar = jar();
    try {
      Files.createDirectories(dir);
      for (String name : new String[] {"kubectl-fleetdeploy", "kubectl-fd"}) {
        Path launcher = dir.resolve(name);
        Files.writeString(
            launcher,
            script(jar, name.equals("kubectl-fd") ? "kubectl fd" : "kubectl fleetdeploy"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        spec.commandLine().getOut().println("installed " + launcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the launchers into " + dir + ": " + e.getMessage(), e);
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  static String script(Path jar, String invokedAs) {
    String quoted = "'" + jar.toString().replace("'", "'\\''") + "'";
    return "#!/bin/sh\n"
        + "# kubectl plugin launcher written by 'kubectl-fleetdeploy install': runs the jar below.\n"
        + "FLEETDEPLOY_PLUGIN_NAME='"
        + invokedAs
        + "' exec \"${JAVA:-java}\" -jar "
        + quoted
        + " \"$@\"\n";
  }

  private static Path jar() {
    try {
      Path where =
          Path.of(InstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(where) || !where.toString().endsWith(".jar")) {
        throw new UserError(
            "install runs from the built jar: java -jar kubectl-plugin/target/kubectl-fleetdeploy.jar install DIR");
      }
      return where.toAbsolutePath();
    } catch (URISyntaxException e) {
      throw new UserError("cannot tell where this jar is: " + e.getMessage());
    }
  }
}
