package io.fleetdeploy.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.slf4j.LoggerFactory;

/**
 * The log line format. JSON lines carry the same MDC (namespace/name of the reconciled resource).
 */
enum LogFormat {
  text,
  json;

  /** Reloads the logging configuration with this format's appender (see logback.xml). */
  void apply() throws Exception {
    System.setProperty("FLEETDEPLOY_LOG_FORMAT", name());
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      new ContextInitializer(context).autoConfig();
    }
  }
}
