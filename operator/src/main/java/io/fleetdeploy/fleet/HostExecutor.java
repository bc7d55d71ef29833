package io.fleetdeploy.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Runs host plans on instances (through SSM Run Command in production) and reports how each
 * instance is doing. The plan is opaque here: the runner on the host reads it, and its output is
 * handed back as it came.
 */
public interface HostExecutor {
  /**
   * Stands in for a command id when the service refused to send to an instance at all (not
   * registered with SSM yet, shutting down, terminated): {@code refused:<instance-id>}. Its
   * invocation is {@link InvocationState#REFUSED}, so the caller decides what that means.
   */
  String REFUSED_PREFIX = "refused:";

  /**
   * One send of one plan: the deployment, the batch, the plan (JSON the runner reads), how long an
   * instance may take to pick it up (an agent that does not start it in time fails it) and to run
   * it, when the batch started (no earlier send of it can be older: a restarted operator looks for
   * earlier sends from there on), where the service should keep each host's full output, and which
   * part of the batch's host work it is ({@link #WHOLE}, or 1 to 3 when traffic events split it
   * over several sends: each part is a send of its own, found again by its own comment).
   */
  record HostCommand(
      String deploymentId,
      int batch,
      String planJson,
      Duration deliveryTimeout,
      Duration executionTimeout,
      Instant batchStart,
      HostOutput output,
      int part) {
    /** The part of a batch sent in one piece: every event of the deployment. */
    public static final int WHOLE = 0;

    public HostCommand {
      output = output == null ? HostOutput.NONE : output;
      if (part < WHOLE || part > 3) {
        throw new IllegalArgumentException("part " + part + " is not 0 to 3");
      }
    }

    /** The whole of a batch's host work in one send. */
    public HostCommand(
        String deploymentId,
        int batch,
        String planJson,
        Duration deliveryTimeout,
        Duration executionTimeout,
        Instant batchStart,
        HostOutput output) {
      this(
          deploymentId,
          batch,
          planJson,
          deliveryTimeout,
          executionTimeout,
          batchStart,
          output,
          WHOLE);
    }

    /** A command whose full output the service keeps nowhere but in its own (truncated) copy. */
    public HostCommand(
        String deploymentId,
        int batch,
        String planJson,
        Duration deliveryTimeout,
        Duration executionTimeout,
        Instant batchStart) {
      this(
          deploymentId,
          batch,
          planJson,
          deliveryTimeout,
          executionTimeout,
          batchStart,
          HostOutput.NONE);
    }
  }

  /** Where an instance is with a command. */
  enum InvocationState {
    /** Sent, not started yet (agent has not picked it up). */
    PENDING,
    IN_PROGRESS,
    SUCCEEDED,
    /** The command ran and exited non-zero. */
    FAILED,
    TIMED_OUT,
    CANCELLED,
    /** The agent never picked it up in time (offline agent, instance gone). */
    UNDELIVERED,
    /** The instance stopped or terminated while it ran. */
    TERMINATED,
    /**
     * The service would not send to the instance: nothing was sent (see {@link #REFUSED_PREFIX}).
     */
    REFUSED;

    public boolean done() {
      return this != PENDING && this != IN_PROGRESS;
    }
  }

  /**
   * One instance's part of a command.
   *
   * @param stdout what the runner printed, as the service keeps it (possibly truncated)
   * @param detail the service's own words for the state, e.g. "Delivery Timed Out"
   * @param output where the service keeps the full output of this run ({@link OutputLocation#NONE}
   *     when only in its own truncated copy)
   */
  record Invocation(
      String commandId,
      String instanceId,
      InvocationState state,
      String stdout,
      String stderr,
      String detail,
      Instant requestedAt,
      OutputLocation output) {
    public Invocation {
      output = output == null ? OutputLocation.NONE : output;
    }

    public Invocation(
        String commandId,
        String instanceId,
        InvocationState state,
        String stdout,
        String stderr,
        String detail,
        Instant requestedAt) {
      this(commandId, instanceId, state, stdout, stderr, detail, requestedAt, OutputLocation.NONE);
    }
  }

  /**
   * Sends the command to the instances (in as many service calls as its limits need). Idempotent:
   * instances this deployment and batch were already sent to (found by the command's comment, e.g.
   * before an operator restart) are not sent to again.
   *
   * <p>Instances the service refuses are reported as {@link #REFUSED_PREFIX}{@code <instance-id>}
   * and are sent to again by a later call that names them.
   *
   * @return the ids of the commands covering the instances, old and new
   */
  List<String> send(HostCommand command, List<String> instanceIds);

  /**
   * {@link #send} for a batch the caller marked in status itself, just now: no other process can
   * have sent it, so implementations may skip looking for earlier sends beyond their own. Anything
   * else (a batch found marked after a restart or a takeover, a retry) goes through {@link #send}.
   */
  default List<String> sendMarkedHere(HostCommand command, List<String> instanceIds) {
    return send(command, instanceIds);
  }

  /**
   * The commands sent earlier for this deployment and batch (found by their comment), sending
   * nothing: what a controller that can no longer send (its group is gone) still has to collect.
   */
  default List<String> sentEarlier(String deploymentId, int batch, Instant batchStart) {
    return sentEarlier(deploymentId, batch, HostCommand.WHOLE, batchStart);
  }

  /** {@link #sentEarlier(String, int, Instant)} for one part of a batch sent in parts. */
  List<String> sentEarlier(String deploymentId, int batch, int part, Instant batchStart);

  /**
   * Every instance's invocation of those commands, as the service reports it now. Implementations
   * keep the calls per instance low (e.g. read an invocation's output once, when it is done).
   */
  List<Invocation> invocations(Collection<String> commandIds);

  /**
   * Asks the service to cancel the command on those instances (all of its instances when empty),
   * best effort: an invocation that already finished is not affected.
   */
  void cancel(String commandId, Collection<String> instanceIds);

  /** The results of these commands are recorded elsewhere now: drop what was kept of them. */
  void forget(Collection<String> commandIds);
}
