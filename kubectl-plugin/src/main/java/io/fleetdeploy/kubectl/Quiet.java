package io.fleetdeploy.kubectl;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Libraries' log lines would interleave with the plugin's output: only errors are logged. */
final class Quiet {
  private Quiet() {}

  static void logs() {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.OFF);
    }
    if (LoggerFactory.getLogger("io.fleetdeploy") instanceof Logger own) {
      own.setLevel(Level.OFF);
    }
  }
}
