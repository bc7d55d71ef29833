package io.fleetdeploy.simulator;

import java.time.Duration;

/**
 * Modelled hosts: SSM Run Command starts no process; each invocation of the fleetdeploy runner
 * document ends after a modelled duration with the result line a real host runner prints. The
 * duration is {@code hookTime} for each lifecycle event of the plan that has hook scripts to run on
 * that host, each stretched or shrunk by up to {@code jitter} (0.1 = ±10 %); {@code failureRate} (0
 * to 1) of the invocations fail one of their hooked events with {@code ScriptFailed}. So a
 * benchmark measures the controller alone: the hosts cost no CPU of the machine it runs on.
 */
public record HostModel(Duration hookTime, double jitter, double failureRate) {
  /** When a modelled run started and ended (epoch milliseconds), as a host runner records it. */
  public record Timing(long start, long end) {}

  public HostModel {
    if (hookTime == null || hookTime.isNegative()) {
      throw new IllegalArgumentException("the modelled hook time must not be negative");
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be within 0-1, was " + jitter);
    }
    if (failureRate < 0 || failureRate > 1) {
      throw new IllegalArgumentException("failure rate must be within 0-1, was " + failureRate);
    }
  }
}
