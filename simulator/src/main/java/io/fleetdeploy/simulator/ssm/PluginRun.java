package io.fleetdeploy.simulator.ssm;

import java.time.Instant;

/** One plugin (document step) on one instance. Guarded by the command store's lock. */
final class PluginRun {
  final RenderedStep step;
  InvocationState state = InvocationState.PENDING;
  int responseCode = -1;
  Instant startTime;
  Instant endTime;
  String stdout = "";
  String stderr = "";

  PluginRun(RenderedStep step) {
    this.step = step;
  }

  /**
   * SSM's CommandPlugin.Output: stdout, then stderr after a separator, at most 2,500 characters.
   */
  String output() {
    String combined = stderr.isEmpty() ? stdout : stdout + "\n----------ERROR-------\n" + stderr;
    if (combined.length() <= 2500) {
      return combined;
    }
    String marker = "\n---Output truncated---";
    return combined.substring(0, 2500 - marker.length()) + marker;
  }
}
