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
   * path); {@link BadSetting} says which one is wrong. The fleet is shared by {@code groups}
   * DeploymentGroups rolling out at once; {@code hosts} is the host mode ({@code modelled} or
   * {@code processes}), with the modelled hosts' jitter and failure rate.
   */
  public static Bench of(
      int instances,
      int groups,
      String config,
      int hookMs,
      int throttlePercent,
      int runs,
      Duration pollInterval,
      int hostConcurrency,
      Duration timeout,
      String python,
      String hosts,
      double jitter,
      double failureRate) {
    BenchSettings.HostMode mode;
    try {
      mode = BenchSettings.HostMode.valueOf(hosts);
    } catch (IllegalArgumentException e) {
      throw new BadSetting(
          "--hosts", "'" + hosts + "' is not a host mode: use modelled or processes");
    }
    if (groups < 1 || groups > instances) {
      throw new BadSetting(
          "--groups", groups + " groups for " + instances + " instances: use 1 to " + instances);
    }
    if (mode == BenchSettings.HostMode.processes && (jitter != 0 || failureRate != 0)) {
      throw new BadSetting(
          jitter != 0 ? "--jitter" : "--failure-rate",
          "only modelled hosts (--hosts modelled) take it");
    }
    BenchConfig parsed;
    try {
      parsed = BenchConfig.parse(config);
    } catch (IllegalArgumentException e) {
      throw new BadSetting("--config", e.getMessage());
    }
    PythonInterpreter interpreter;
    try {
      interpreter =
          mode == BenchSettings.HostMode.modelled ? null : PythonInterpreter.probe(python);
    } catch (IllegalArgumentException e) {
      throw new BadSetting("--python", e.getMessage());
    }
    int concurrency = hostConcurrency > 0 ? hostConcurrency : Math.min(500, Math.max(1, instances));
    return new Bench(
        new BenchSettings(
            instances,
            groups,
            parsed,
            hookMs,
            throttlePercent,
            runs,
            pollInterval,
            concurrency,
            timeout,
            interpreter,
            mode,
            jitter,
            failureRate));
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
        "fleetdeploy bench: starting %d instances in %d group(s) (%s, hooks %d ms, %d %% throttled); %s...%n",
        settings.instances(),
        settings.groups(),
        settings.config().text(),
        settings.hookMs(),
        settings.throttlePercent(),
        BenchReport.hostsLine(settings));
    err.flush();
    try (BenchRunner runner = new BenchRunner(settings)) {
      for (int i = 1; i <= settings.runs(); i++) {
        BenchRun run = runner.run(i);
        runs.add(run);
        if (settings.hosts() == BenchSettings.HostMode.modelled) {
          err.printf(
              "run %d: ratio %.3f (wall %.2f s, ideal %.2f s), %s%n",
              i, run.ratio(), run.wallSeconds(), run.idealSeconds(), run.phase());
        } else {
          err.printf(
              "run %d: %s in %.2f s (ideal %.2f s, ratio %.2f)%n",
              i, run.phase(), run.wallSeconds(), run.idealSeconds(), run.ratio());
        }
        err.flush();
        if (json) {
          out.println(BenchReport.json(run, settings));
          out.flush();
        }
      }
    }
    if (json) {
      out.println(BenchReport.summary(runs, settings));
      out.flush();
    } else {
      BenchReport.text(out, runs, settings);
    }
    return runs.stream().allMatch(r -> r.phase().equals("Succeeded")) ? 0 : 1;
  }
}
