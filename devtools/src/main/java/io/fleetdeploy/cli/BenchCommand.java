package io.fleetdeploy.cli;

import io.fleetdeploy.bench.Bench;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetdeploy bench}: measures a rollout on the simulator, the controller's overhead above
 * the hooks.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure fleetdeploy on the local fleet simulator: in this process the simulator with N instances, the "
          + "embedded API server and the operator; each run rolls out a fresh revision whose five hooks sleep "
          + "--hook-ms, from Deployment creation to Succeeded.",
      "Reports wall and ideal time (the slowest host of each batch, summed), their ratio, CPU, peak heap, AWS "
          + "calls and Kubernetes writes per instance, throttles, and the final Deployment's size.",
      "Progress and logs go to stderr; with --output json stdout has one JSON object per run and a summary."
    })
public final class BenchCommand implements Callable<Integer> {
  enum Output {
    text,
    json
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--instances",
      defaultValue = "20",
      description = "Instances in the fleet (default ${DEFAULT-VALUE}).")
  int instances;

  @Option(
      names = "--config",
      defaultValue = "HalfAtATime",
      paramLabel = "CONFIG",
      description =
          "AllAtOnce, HalfAtATime, OneAtATime, FLEET_PERCENT:V or HOST_COUNT:V (default ${DEFAULT-VALUE}).")
  String config;

  @Option(
      names = "--hook-ms",
      defaultValue = "0",
      paramLabel = "MS",
      description =
          "How long each of the five hooks sleeps; 0: no hooks, the pure controller overhead (default ${DEFAULT-VALUE}).")
  int hookMs;

  @Option(
      names = "--throttle-percent",
      defaultValue = "0",
      paramLabel = "P",
      description =
          "Share of AWS calls the simulator answers with throttling errors (default ${DEFAULT-VALUE}).")
  int throttlePercent;

  @Option(
      names = "--runs",
      defaultValue = "1",
      description = "Runs, each a new revision (default ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--output",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  Output output;

  @Option(
      names = "--poll-ms",
      defaultValue = "1000",
      paramLabel = "MS",
      description =
          "How often the controller reads hosts' progress (default ${DEFAULT-VALUE}, as in production).")
  int pollMs;

  @Option(
      names = "--host-concurrency",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "How many simulated hosts run at once on this machine (each is a real process); 0: as many as the fleet, up to 500.")
  int hostConcurrency;

  @Option(
      names = "--timeout",
      defaultValue = "1800",
      paramLabel = "SECONDS",
      description = "Give up on a run after this long (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--hosts",
      defaultValue = "processes",
      paramLabel = "MODE",
      description =
          "processes (default): every simulated host runs the host runner as real processes, for"
              + " end-to-end fidelity; modelled: no processes, each host's run takes --hook-ms per"
              + " hooked event and prints the runner's result line, so wall / ideal is the"
              + " controller's own overhead.")
  String hosts;

  @Option(
      names = "--groups",
      defaultValue = "1",
      paramLabel = "G",
      description =
          "DeploymentGroups sharing the fleet evenly, each rolling out its own Deployment at once"
              + " (default ${DEFAULT-VALUE}).")
  int groups;

  @Option(
      names = "--jitter",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description =
          "Modelled hosts: each hooked event takes up to this fraction (0-1) more or less than"
              + " --hook-ms (default ${DEFAULT-VALUE}).")
  double jitter;

  @Option(
      names = "--failure-rate",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description =
          "Modelled hosts: the fraction (0-1) of host runs in which one hooked event fails"
              + " (default ${DEFAULT-VALUE}).")
  double failureRate;

  @Option(
      names = "--python",
      paramLabel = "COMMAND",
      defaultValue = "python3",
      description =
          "Python 3.8+ interpreter the simulated hosts run the host runner with, a command on PATH or a "
              + "path (default: ${DEFAULT-VALUE}); its path and version are reported with the results.")
  String python;

  @Override
  public Integer call() throws Exception {
    requireRange("--instances", instances, 1, 100_000);
    requireRange("--groups", groups, 1, 10_000);
    requireRange("--hook-ms", hookMs, 0, 600_000);
    requireRange("--throttle-percent", throttlePercent, 0, 100);
    requireRange("--runs", runs, 1, 1000);
    requireRange("--poll-ms", pollMs, 10, 600_000);
    requireRange("--host-concurrency", hostConcurrency, 0, 20_000);
    requireRange("--timeout", timeoutSeconds, 1, 86_400);
    Bench bench;
    try {
      bench =
          Bench.of(
              instances,
              groups,
              config,
              hookMs,
              throttlePercent,
              runs,
              Duration.ofMillis(pollMs),
              hostConcurrency,
              Duration.ofSeconds(timeoutSeconds),
              python,
              hosts,
              jitter,
              failureRate);
    } catch (Bench.BadSetting e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Invalid value for option '" + e.option() + "': " + e.getMessage());
    }
    return bench.run(
        spec.commandLine().getOut(), spec.commandLine().getErr(), output == Output.json);
  }

  private void requireRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "Invalid value for option '"
              + option
              + "': "
              + value
              + " is not between "
              + min
              + " and "
              + max);
    }
  }
}
