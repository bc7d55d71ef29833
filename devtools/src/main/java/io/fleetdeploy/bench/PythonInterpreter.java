package io.fleetdeploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The python3 the simulated hosts run the host runner with, found once before the benchmark starts:
 * its path and version are reported with the results, since a slower interpreter makes every host
 * slower and the ratio with it.
 *
 * @param path what the hosts run: the command given, as an absolute path
 * @param executable the interpreter that runs then ({@code sys.executable}; differs from path for a
 *     wrapper)
 * @param version its version, e.g. 3.11.2
 */
record PythonInterpreter(Path path, Path executable, String version) {
  /**
   * Prints the interpreter's own path, its version, and whether it is 3.8+ (the host runner's
   * minimum).
   */
  private static final String PROBE =
      "import sys; print(sys.executable); print(sys.version.split()[0]); "
          + "print(sys.version_info >= (3, 8))";

  /**
   * Runs {@code command} (a name found on PATH, or a path) to ask what it is; {@link
   * IllegalArgumentException} says why it cannot be used.
   */
  static PythonInterpreter probe(String command) {
    Path path = resolve(command, System.getenv("PATH"));
    Process process;
    try {
      process =
          new ProcessBuilder(path.toString(), "-S", "-c", PROBE).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot run " + command + ": " + e.getMessage());
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalArgumentException(command + " did not answer within 30 s");
      }
      List<String> lines =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .toList();
      if (process.exitValue() != 0 || lines.size() < 3) {
        throw new IllegalArgumentException(
            command
                + " is not a Python 3 interpreter (exit "
                + process.exitValue()
                + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1))
                + ")");
      }
      if (!"True".equals(lines.get(2))) {
        throw new IllegalArgumentException(
            command + " is Python " + lines.get(1) + "; the host runner needs 3.8 or newer");
      }
      return new PythonInterpreter(path, Path.of(lines.get(0)), lines.get(1));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot run " + command + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException(
          "interrupted while asking " + command + " for its version");
    }
  }

  /**
   * A directory holding a {@code python3} that runs this interpreter: put in front of the hosts'
   * PATH, it is what the runner document's {@code python3} finds. A script rather than a link, so a
   * virtual environment's interpreter still finds its own home; it puts back this process's PATH,
   * so that a wrapper given as {@code --python} which itself calls {@code python3} does not find
   * this script again.
   */
  Path hostPathDirectory(Path parent) {
    try {
      Path dir = Files.createDirectories(parent.resolve("python-bin"));
      Path wrapper = dir.resolve("python3");
      String inherited = System.getenv("PATH") == null ? "/usr/bin:/bin" : System.getenv("PATH");
      Files.writeString(
          wrapper,
          "#!/bin/sh\nPATH="
              + quoted(inherited)
              + "\nexport PATH\nexec "
              + quoted(path.toString())
              + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** "/usr/bin/python3 (Python 3.11.2)", or with the interpreter a wrapper runs. */
  String describe() {
    return path
        + " (Python "
        + version
        + (executable.equals(path) ? "" : " at " + executable)
        + ")";
  }

  /**
   * A command as the hosts will run it: a path made absolute, or a name looked up on {@code
   * searchPath}.
   */
  static Path resolve(String command, String searchPath) {
    if (command.contains("/")) {
      return Path.of(command).toAbsolutePath().normalize();
    }
    for (String dir :
        searchPath == null ? new String[0] : searchPath.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw new IllegalArgumentException("cannot run " + command + ": not found on PATH");
  }
}
