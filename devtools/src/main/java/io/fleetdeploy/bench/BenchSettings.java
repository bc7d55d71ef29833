package io.fleetdeploy.bench;

import java.time.Duration;

/**
 * A benchmark: the fleet size, the configuration, the hooks' sleep, throttling, how many runs, the
 * controller's poll interval, the test rig's host concurrency and the python3 its hosts run.
 */
record BenchSettings(
    int instances,
    BenchConfig config,
    int hookMs,
    int throttlePercent,
    int runs,
    Duration pollInterval,
    int hostConcurrency,
    Duration timeout,
    PythonInterpreter python) {}
