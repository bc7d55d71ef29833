package io.fleetdeploy.demo;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where the demo tells what happens (stderr: stdout is kept for {@code --output json}). Each line
 * starts with the time since the demo began. On a terminal a progress bar stays on the last line:
 * it is erased before each line and drawn again after; elsewhere there are only plain lines.
 */
public final class DemoConsole {
  private static final String ERASE_LINE = "\r\033[K";

  private final PrintWriter out;
  private final boolean terminal;
  private final Clock clock;
  private final Instant start;
  private String bar = "";

  public DemoConsole(PrintWriter out, boolean terminal, Clock clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
    this.start = clock.instant();
  }

  /** Whether this process writes to a terminal and the terminal understands cursor controls. */
  @SuppressWarnings("SystemConsoleNull") // Java 17 is the runtime: null means no terminal
  public static boolean isTerminal() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  public Duration elapsed() {
    return Duration.between(start, clock.instant());
  }

  /** A line of the live log, stamped with the time since start. */
  public synchronized void line(String text) {
    long millis = elapsed().toMillis();
    raw(String.format(Locale.ROOT, "%6.1fs  %s", millis / 1000.0, text));
  }

  /** A line as it is (headers, the summary). */
  public synchronized void raw(String text) {
    if (terminal && !bar.isEmpty()) {
      out.print(ERASE_LINE);
    }
    out.println(text);
    if (terminal && !bar.isEmpty()) {
      out.print(bar);
    }
    out.flush();
  }

  /** Shows the progress bar (on a terminal only). */
  public synchronized void progress(ProgressLog.Progress progress) {
    if (!terminal) {
      return;
    }
    bar = ProgressBar.render(progress, elapsed());
    out.print(ERASE_LINE + bar);
    out.flush();
  }

  /** Removes the progress bar for good (before the summary). */
  public synchronized void endProgress() {
    if (terminal && !bar.isEmpty()) {
      out.print(ERASE_LINE);
      out.flush();
    }
    bar = "";
  }
}
