package io.fleetdeploy.testing.fleet;

import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.hostplan.HostPlan;
import java.time.Duration;

/**
 * What a simulated host does with a deployment sent to it, as a test scripts it: how long its agent
 * takes to pick the command up, how long the run takes, and how it ends.
 */
@FunctionalInterface
public interface HostBehaviour {
  HostRun run(String instanceId, HostPlan plan);

  /** How one run goes. */
  record HostRun(Duration pickup, Duration duration, Outcome outcome) {}

  /** How a run ends. */
  sealed interface Outcome {
    /** Every event succeeds. */
    record Succeed() implements Outcome {}

    /** {@code event} fails with the runner's diagnostics; later events are skipped. */
    record Fail(LifecycleEvent event, String errorCode, String message, String logTail)
        implements Outcome {}

    /** The runner dies without its result line (the command fails with this output). */
    record NoResult(String stdout) implements Outcome {}

    /**
     * The agent never picks the command up (offline agent): undelivered after the delivery timeout.
     */
    record NeverPickedUp() implements Outcome {}

    /** The instance is terminated while it runs the command. */
    record TerminatedWhileRunning() implements Outcome {}
  }

  static HostBehaviour succeedAfter(Duration duration) {
    return (id, plan) -> new HostRun(Duration.ZERO, duration, new Outcome.Succeed());
  }

  static HostBehaviour failAt(LifecycleEvent event, Duration after) {
    return (id, plan) ->
        new HostRun(
            Duration.ZERO,
            after,
            new Outcome.Fail(
                event, "ScriptFailed", "script exited with 1", "validation failed on " + id));
  }

  static HostBehaviour failAt(
      LifecycleEvent event, String errorCode, String message, String logTail, Duration after) {
    return (id, plan) ->
        new HostRun(Duration.ZERO, after, new Outcome.Fail(event, errorCode, message, logTail));
  }

  static HostBehaviour noResult(String stdout, Duration after) {
    return (id, plan) -> new HostRun(Duration.ZERO, after, new Outcome.NoResult(stdout));
  }

  static HostBehaviour offlineAgent() {
    return (id, plan) -> new HostRun(Duration.ZERO, Duration.ZERO, new Outcome.NeverPickedUp());
  }

  static HostBehaviour terminatedAfter(Duration after) {
    return (id, plan) -> new HostRun(Duration.ZERO, after, new Outcome.TerminatedWhileRunning());
  }

  /**
   * This behaviour for deployments of a revision whose digest starts with {@code sha256Prefix},
   * else {@code other}.
   */
  static HostBehaviour forRevision(
      String sha256Prefix, HostBehaviour matching, HostBehaviour other) {
    return (id, plan) ->
        plan.revision().sha256().startsWith(sha256Prefix)
            ? matching.run(id, plan)
            : other.run(id, plan);
  }
}
