package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.fleet.Fleet;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.HostExecutor.InvocationState;
import io.fleetdeploy.fleet.InstanceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads how the instances in progress are doing and records the results: every instance sent to
 * gets its result (never Skipped if it may have run); instances that SSM refused are looked at
 * (gone: they left the fleet; running: tried again until the delivery timeout; then AGENT_ISSUE);
 * instances that stopped or terminated fail now instead of at the command's timeout.
 */
final class ResultCollector {
  private static final int MAX_FAILURE_EVENTS = 20;
  private static final Duration REFUSED_RETRY = Duration.ofSeconds(10);

  private final HostExecutor executor;
  private final Fleet fleet;
  private final Timing timing;
  private final Clock clock;

  ResultCollector(HostExecutor executor, Fleet fleet, Timing timing, Clock clock) {
    this.executor = executor;
    this.fleet = fleet;
    this.timing = timing;
    this.clock = clock;
  }

  /** Collects what finished; returns the invocations as they are now (for cancels). */
  List<Invocation> collect(DeploymentProgress progress, DeploymentMemory.Entry memory) {
    List<String> commands = progress.activeCommands();
    if (commands.isEmpty()) {
      return List.of();
    }
    memory.used(commands);
    Instant now = clock.instant();
    List<Invocation> invocations = executor.invocations(commands);
    Map<String, Invocation> byInstance = new LinkedHashMap<>();
    for (Invocation invocation : invocations) {
      Invocation known = byInstance.get(invocation.instanceId());
      // A later send that got through supersedes a refusal of the same instance.
      if (known == null || known.state() == InvocationState.REFUSED) {
        byInstance.put(invocation.instanceId(), invocation);
      }
    }
    Map<String, InstanceStatus> outcomes = new LinkedHashMap<>();
    Map<String, Invocation> refused = new LinkedHashMap<>();
    byInstance.forEach(
        (id, invocation) -> {
          InstanceStatus instance = progress.instance(id);
          if (instance == null
              || instance.getStatus() != ExecutionStatus.InProgress
              || !invocation.state().done()) {
            return;
          }
          if (invocation.state() == InvocationState.REFUSED) {
            refused.put(id, invocation);
          } else {
            outcomes.put(id, HostResults.outcome(invocation, timing.deliveryTimeout()));
          }
        });
    List<String> silent =
        outcomes.entrySet().stream()
            .filter(
                e ->
                    e.getValue().getStatus() == ExecutionStatus.Failed
                        && e.getValue().getEvents() == null)
            .map(Map.Entry::getKey)
            .toList();
    List<String> toLookAt = new ArrayList<>(silent);
    toLookAt.addAll(refused.keySet());
    Map<String, FleetInstance> current = toLookAt.isEmpty() ? Map.of() : fleet.describe(toLookAt);
    for (String id : silent) {
      // A host that failed without a word from the runner may simply be gone: say so if it is.
      FleetInstance instance = current.get(id);
      if (instance == null || !instance.state().reachable()) {
        outcomes.put(
            id,
            HostResults.failed(
                HostResults.INSTANCE_TERMINATED,
                "the instance is "
                    + stateOf(instance)
                    + "; it left the fleet during the deployment ("
                    + outcomes.get(id).getMessage()
                    + ")"));
      }
    }
    refused.forEach(
        (id, invocation) ->
            refusal(progress, memory, id, invocation, current.get(id), now)
                .ifPresent(outcome -> outcomes.put(id, outcome)));
    outcomes.forEach(
        (id, outcome) -> {
          Integer batch = progress.instance(id).getBatch();
          if (outcome.getStatus() == ExecutionStatus.Succeeded
              && batch != null
              && progress.morePartsAfterCurrent(batch)) {
            // A part of the host's work with more to come (traffic events): still in progress.
            progress.partDone(id, outcome);
          } else {
            record(progress, id, outcome, now);
          }
        });
    memory.schedule().looked(now, progress.inProgress().isEmpty());
    return invocations;
  }

  /** What a refusal means for the instance; empty while it is worth trying again. */
  private java.util.Optional<InstanceStatus> refusal(
      DeploymentProgress progress,
      DeploymentMemory.Entry memory,
      String id,
      Invocation invocation,
      FleetInstance instance,
      Instant now) {
    if (instance == null
        || instance.state() == InstanceState.TERMINATED
        || instance.state() == InstanceState.SHUTTING_DOWN) {
      return java.util.Optional.of(
          HostResults.left(
              "left the fleet before its deployment started (the instance is "
                  + stateOf(instance)
                  + "); nothing was sent to it"));
    }
    if (instance.state() == InstanceState.STOPPED || instance.state() == InstanceState.STOPPING) {
      return java.util.Optional.of(
          HostResults.failed(
              HostResults.INSTANCE_STOPPED,
              "the instance is "
                  + stateOf(instance)
                  + "; as in CodeDeploy, a stopped instance counts as failed"));
    }
    InstanceStatus entry = progress.instance(id);
    // Large deployments keep no time per instance: its batch's start is when it was marked.
    String startTime =
        entry.getStartTime() != null
            ? entry.getStartTime()
            : entry.getBatch() == null
                ? null
                : progress.batch(entry.getBatch()).map(b -> b.getStartTime()).orElse(null);
    Instant started = startTime == null ? now : Instant.parse(startTime);
    if (now.isBefore(started.plus(timing.deliveryTimeout()))) {
      // A freshly launched instance is refused until its agent registers: not an agent issue yet.
      memory.retryRefusedFirstAt(id, now.plus(refusedRetry(timing)));
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        HostResults.failed(
            HostResults.AGENT_ISSUE,
            "Systems Manager refused to send the"
                + " command to this instance for "
                + timing.deliveryTimeout().toSeconds()
                + " s ("
                + invocation.detail()
                + "): is its SSM agent running and registered?"));
  }

  /** How long to wait before sending again to an instance SSM refused. */
  static Duration refusedRetry(Timing timing) {
    Duration wait = timing.deliveryTimeout().dividedBy(10);
    return wait.compareTo(REFUSED_RETRY) < 0 ? wait : REFUSED_RETRY;
  }

  /**
   * Instances in progress that stopped or terminated fail now instead of at the command's timeout.
   */
  void failThoseGone(DeploymentProgress progress, DeploymentMemory.Entry memory) {
    List<String> inProgress = progress.inProgress();
    Instant now = clock.instant();
    if (inProgress.isEmpty() || !memory.instanceCheckDue(now, timing.instanceCheckInterval())) {
      return;
    }
    Map<String, FleetInstance> current = fleet.describe(inProgress);
    for (String id : inProgress) {
      FleetInstance instance = current.get(id);
      if (instance == null || !instance.state().reachable()) {
        boolean stopped =
            instance != null
                && (instance.state() == InstanceState.STOPPED
                    || instance.state() == InstanceState.STOPPING);
        record(
            progress,
            id,
            HostResults.failed(
                stopped ? HostResults.INSTANCE_STOPPED : HostResults.INSTANCE_TERMINATED,
                "the instance is "
                    + stateOf(instance)
                    + "; it left the fleet during the deployment"),
            now);
      }
    }
  }

  /** Asks SSM to cancel what the agents have not started yet: a stop no longer needs it. */
  void cancelUnstarted(
      DeploymentProgress progress, List<Invocation> invocations, DeploymentMemory.Entry memory) {
    Map<String, List<String>> byCommand = new LinkedHashMap<>();
    for (Invocation invocation : invocations) {
      InstanceStatus instance = progress.instance(invocation.instanceId());
      if (invocation.state() == InvocationState.PENDING
          && instance != null
          && instance.getStatus() == ExecutionStatus.InProgress
          && memory.cancelOnce(invocation.commandId(), invocation.instanceId())) {
        byCommand
            .computeIfAbsent(invocation.commandId(), k -> new ArrayList<>())
            .add(invocation.instanceId());
      }
    }
    byCommand.forEach(executor::cancel);
  }

  private static void record(
      DeploymentProgress progress, String id, InstanceStatus outcome, Instant now) {
    progress.finishInstance(id, outcome, now);
    if (outcome.getStatus() == ExecutionStatus.Failed
        && failedSoFar(progress) <= MAX_FAILURE_EVENTS) {
      progress.event(EventReason.InstanceFailed, id + ": " + HostResults.describe(outcome));
    }
  }

  private static long failedSoFar(DeploymentProgress progress) {
    return progress.failedCount();
  }

  private static String stateOf(FleetInstance instance) {
    return instance == null
        ? "gone"
        : instance.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
