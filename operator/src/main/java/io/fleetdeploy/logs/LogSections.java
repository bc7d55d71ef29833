package io.fleetdeploy.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts one lifecycle event out of a host runner's deployment log: the runner opens each event that
 * runs scripts with a {@code LifecycleEvent - <name>} line, and ends with its progress lines
 * ({@code fleetdeploy: ...}) when it copies the log to stderr.
 */
public final class LogSections {
  static final String EVENT_MARK = "LifecycleEvent - ";
  private static final String PROGRESS = "fleetdeploy: ";

  private LogSections() {}

  /** The lines of the event, marker included; empty when it ran no scripts in this log. */
  public static Optional<String> event(String log, String event) {
    List<String> out = new ArrayList<>();
    boolean inside = false;
    boolean found = false;
    for (String line : log.split("\n", -1)) {
      if (line.startsWith(EVENT_MARK)) {
        inside = line.substring(EVENT_MARK.length()).strip().equals(event);
        found |= inside;
      } else if (line.startsWith(PROGRESS)) {
        inside = false;
      }
      if (inside) {
        out.add(line);
      }
    }
    return found ? Optional.of(String.join("\n", out) + "\n") : Optional.empty();
  }

  /** The events that ran scripts in this log, in order. */
  public static List<String> events(String log) {
    List<String> out = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.startsWith(EVENT_MARK)) {
        out.add(line.substring(EVENT_MARK.length()).strip());
      }
    }
    return out;
  }
}
