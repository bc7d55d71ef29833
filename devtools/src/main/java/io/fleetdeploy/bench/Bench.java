package io.fleetdeploy.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The benchmark as the command line runs it. */
public final class Bench {
  private final BenchSettings settings;

  private Bench(BenchSettings settings) {
    this.settings = settings;
  }

  /**
   * Checks the settings and finds the interpreter ({@code python}: a command found on PATH, or a
   * path); {@link BadSetting} says which one is wrong.
   */
  public static Bench of(
      int instances,
      String config,
      int hookMs,
      int throttlePercent,
      int runs,
      Duration pollInterval,
      int hostConcurrency,
      Duration timeout,
      String python) {
    BenchConfig parsed;
    try {
      parsed = BenchConfig.parse(config);
    } catch (IllegalArgumentException e) {
      throw new BadSetting("--config", e.getMessage());
    }
    PythonInterpreter interpreter;
    try {
      interpreter = PythonInterpreter.probe(python);
    } catch (IllegalArgumentException e) {
      throw new BadSetting("--python", e.getMessage());
    }
    int concurrency = hostConcurrency > 0 ? hostConcurrency : Math.min(500, Math.max(1, instances));
    return new Bench(
        new BenchSettings(
            instances,
            parsed,
            hookMs,
            throttlePercent,
            runs,
            pollInterval,
            concurrency,
            timeout,
            interpreter));
  }

  /** A setting that cannot be used, with the option that set it. */
  public static final class BadSetting extends IllegalArgumentException {
    private final String option;

    BadSetting(String option, String message) {
      super(message);
      this.option = option;
    }

    public String option() {
      return option;
    }
  }

  /** Runs it; returns 0 when every run succeeded, 1 otherwise. */
  public int run(PrintWriter out, PrintWriter err, boolean json) throws InterruptedException {
    List<BenchRun> runs = new ArrayList<>();
    err.printf(
        "fleetdeploy bench: starting %d instances (%s, hooks %d ms, %d %% throttled); hosts run the runner "
            + "with %s...%n",
        settings.instances(),
        settings.config().text(),
        settings.hookMs(),
        settings.throttlePercent(),
        settings.python().describe());
    err.flush();
    try (BenchRunner runner = new BenchRunner(settings)) {
      for (int i = 1; i <= settings.runs(); i++) {
        BenchRun run = runner.run(i);
        runs.add(run);
        err.printf(
            "run %d: %s in %.2f s (ideal %.2f s, ratio %.2f)%n",
            i, run.phase(), run.wallSeconds(), run.idealSeconds(), run.ratio());
        err.flush();
        if (json) {
          out.println(BenchReport.json(run, settings.python()));
          out.flush();
        }
      }
    }
    if (json) {
      out.println(BenchReport.summary(runs, settings.python()));
      out.flush();
    } else {
      BenchReport.text(out, runs, settings.python());
    }
    return runs.stream().allMatch(r -> r.phase().equals("Succeeded")) ? 0 : 1;
  }
}
