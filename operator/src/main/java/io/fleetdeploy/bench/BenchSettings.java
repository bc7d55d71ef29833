package io.fleetdeploy.bench;

import java.time.Duration;

/**
 * A benchmark: the fleet size, the configuration, the hooks' sleep, throttling, how many runs,
 * and the controller's poll interval and the test rig's host concurrency.
 */
record BenchSettings(int instances, BenchConfig config, int hookMs, int throttlePercent, int runs,
    Duration pollInterval, int hostConcurrency, Duration timeout) {}
