package io.fleetdeploy.simulator.fleet;

import java.time.Instant;

/** One instance waiting on one lifecycle hook. Guarded by the fleet's lock. */
final class LifecycleAction {
  final String token;
  final String hookName;
  final Instant started;
  final Instant globalDeadline;
  Instant deadline;
  int heartbeats;
  String result;

  LifecycleAction(String token, LifecycleHook hook, Instant now) {
    this.token = token;
    this.hookName = hook.name();
    this.started = now;
    this.globalDeadline = now.plusSeconds(hook.globalTimeoutSeconds());
    this.deadline = min(now.plusSeconds(hook.heartbeatTimeoutSeconds()), globalDeadline);
  }

  void heartbeat(LifecycleHook hook, Instant now) {
    heartbeats++;
    deadline = min(now.plusSeconds(hook.heartbeatTimeoutSeconds()), globalDeadline);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
