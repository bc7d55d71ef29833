package io.fleetdeploy.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Keeps routine logging out of the demo's live log while it runs, and restores the levels
 * afterwards: the embedded API server's line per request always, the operator's INFO lines unless
 * they were asked for (its warnings and errors always show).
 */
final class QuietLogs implements AutoCloseable {
  private record Saved(Logger logger, Level level) {}

  private record SavedJul(java.util.logging.Logger logger, java.util.logging.Level level) {}

  private final List<Saved> saved = new ArrayList<>();
  private final List<SavedJul> savedJul = new ArrayList<>();

  private QuietLogs() {}

  static QuietLogs quiet(boolean operatorInfo) {
    QuietLogs quiet = new QuietLogs();
    if (!operatorInfo) {
      quiet.set("io.fleetdeploy", Level.WARN);
    }
    // "The client is using resource type ... with unstable version v1alpha1": true, and not news.
    quiet.set("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR);
    // The mock API server logs every request at INFO through java.util.logging.
    quiet.setJul("io.fabric8.mockwebserver", java.util.logging.Level.WARNING);
    return quiet;
  }

  private void set(String name, Level level) {
    if (LoggerFactory.getLogger(name) instanceof Logger logger) {
      saved.add(new Saved(logger, logger.getLevel()));
      logger.setLevel(level);
    }
  }

  private void setJul(String name, java.util.logging.Level level) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    savedJul.add(new SavedJul(logger, logger.getLevel()));
    logger.setLevel(level);
  }

  @Override
  public void close() {
    saved.forEach(s -> s.logger().setLevel(s.level()));
    savedJul.forEach(s -> s.logger().setLevel(s.level()));
  }
}
