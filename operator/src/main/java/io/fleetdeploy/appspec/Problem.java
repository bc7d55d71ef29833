package io.fleetdeploy.appspec;

import java.util.Objects;

/**
 * One thing wrong with a bundle or its AppSpec, located by file, line and key path (for example
 * {@code hooks.AfterInstall[0].location}).
 *
 * @param line 1-based line in {@code file}; 0 when the problem concerns the bundle as a whole
 */
public record Problem(Severity severity, String file, int line, String keyPath, String message) {

  public Problem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(message, "message");
  }

  public static Problem error(String file, int line, String keyPath, String message) {
    return new Problem(Severity.ERROR, file, line, keyPath, message);
  }

  public static Problem warning(String file, int line, String keyPath, String message) {
    return new Problem(Severity.WARNING, file, line, keyPath, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code ERROR appspec.yml:12 hooks.AfterInstall[0].location: message}. */
  @Override
  public String toString() {
    String where = line > 0 ? file + ":" + line : file;
    return severity + " " + where + " " + keyPath + ": " + message;
  }
}
