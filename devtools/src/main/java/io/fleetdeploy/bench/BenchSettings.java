package io.fleetdeploy.bench;

import java.time.Duration;

/**
 * A benchmark: the fleet size, how many DeploymentGroups share it, the configuration, the hooks'
 * time, throttling, how many runs, the controller's poll interval, the hosts (modelled or real
 * processes, with the python3 they run, null for modelled hosts, and how many run at once) and the
 * run timeout.
 */
record BenchSettings(
    int instances,
    int groups,
    BenchConfig config,
    int hookMs,
    int throttlePercent,
    int runs,
    Duration pollInterval,
    int hostConcurrency,
    Duration timeout,
    PythonInterpreter python,
    HostMode hosts,
    double jitter,
    double failureRate) {

  /** How the simulated hosts run a deployment. */
  enum HostMode {
    /** No process: each run ends after its modelled time with the runner's result line. */
    modelled,
    /** Real {@code bash} and {@code python3} processes per host, the host runner itself. */
    processes
  }
}
