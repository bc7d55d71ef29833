package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.HostExecutor.HostCommand;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.LifecycleHooks.Result;
import io.fleetdeploy.fleet.LifecycleHooks.Transition;
import io.fleetdeploy.fleet.LifecycleHooks.WaitingInstance;
import io.fleetdeploy.hostplan.DeploymentContext;
import io.fleetdeploy.hostplan.HostPlanBuilder;
import io.fleetdeploy.hostplan.HostPlanCodec;
import io.fleetdeploy.hostplan.Revision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The optional termination hook: before Auto Scaling terminates an instance, its application is
 * stopped with the scripts of the revision it runs (ApplicationStop, as CodeDeploy's agent would on
 * the next deployment), then the termination goes on (CONTINUE), whatever the stop said.
 */
final class TerminationKeeper {
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(15);
  /** Sends of a stop are found again after a restart among commands of the last two days. */
  private static final Duration LOOKBACK = Duration.ofHours(48);

  private final LifecycleHooks hooks;
  private final HostExecutor executor;
  private final Clock clock;
  private final Map<String, List<String>> commands = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastHeartbeat = new ConcurrentHashMap<>();

  TerminationKeeper(LifecycleHooks hooks, HostExecutor executor, Clock clock) {
    this.hooks = hooks;
    this.executor = executor;
    this.clock = clock;
  }

  /** How many instances wait in the termination hook. */
  int reconcile(DeploymentGroup group, List<LifecycleHookStatus> hookStatus, PinnedRevision running,
      GroupEvents events) {
    int waitingCount = 0;
    for (LifecycleHookStatus hook : hookStatus) {
      if (!"Terminating".equals(hook.getTransition())
          || !("Installed".equals(hook.getState()) || "Repaired".equals(hook.getState()))) {
        continue;
      }
      List<WaitingInstance> waiting;
      try {
        waiting = hooks.waiting(hook.getAutoScalingGroup());
      } catch (FleetException e) {
        if (e.error().retryable()) {
          throw e;
        }
        continue;
      }
      for (WaitingInstance instance : waiting) {
        if (instance.transition() == Transition.TERMINATING) {
          waitingCount++;
          stopThenRelease(group, hook, instance, running, events);
        }
      }
    }
    return waitingCount;
  }

  private void stopThenRelease(DeploymentGroup group, LifecycleHookStatus hook, WaitingInstance instance,
      PinnedRevision running, GroupEvents events) {
    String id = instance.instanceId();
    if (running == null) {
      release(hook, id, events, "nothing was deployed by the group, nothing to stop");
      return;
    }
    List<String> sent = commands.computeIfAbsent(id, k -> executor.send(command(group, id, running), List.of(id)));
    Optional<Invocation> done = executor.invocations(sent).stream()
        .filter(i -> i.instanceId().equals(id) && i.state().done()).findFirst();
    if (done.isPresent()) {
      executor.forget(sent);
      commands.remove(id);
      release(hook, id, events, "ApplicationStop " + done.get().state().name().toLowerCase());
      return;
    }
    Instant now = clock.instant();
    Instant last = lastHeartbeat.get(id);
    Duration timeout = LifecycleHookKeeper.desired(group, hook.getAutoScalingGroup(), Transition.TERMINATING)
        .map(LifecycleHooks.Hook::heartbeatTimeout).orElse(Duration.ofSeconds(LifecycleHookKeeper.DEFAULT_HEARTBEAT_SECONDS));
    if (last == null || !last.plus(timeout.dividedBy(3)).isAfter(now)) {
      hooks.heartbeat(hook.getAutoScalingGroup(), hook.getName(), id);
      lastHeartbeat.put(id, now);
    }
  }

  private HostCommand command(DeploymentGroup group, String instanceId, PinnedRevision running) {
    String type = running.getS3() != null ? running.getS3().getBundleType().name()
        : running.getUrl().getBundleType().name();
    DeploymentContext context = new DeploymentContext("stop-" + instanceId, group.getSpec().getApplicationRef().getName(),
        group.getMetadata().getName(), group.getMetadata().getUid(),
        // A stop-only plan fetches nothing: the host stops what it runs with the scripts it kept.
        new Revision("https://bundle.invalid/not-fetched", BundleType.fromWireName(type).orElseThrow(),
            running.getSha256(), Optional.empty()),
        Optional.empty(), true, false);
    return new HostCommand(context.deploymentId(), 1, HostPlanCodec.toJson(HostPlanBuilder.stopOnly(context)),
        Duration.ofMinutes(2), STOP_TIMEOUT, clock.instant().minus(LOOKBACK));
  }

  private void release(LifecycleHookStatus hook, String instanceId, GroupEvents events, String why) {
    try {
      hooks.complete(hook.getAutoScalingGroup(), hook.getName(), instanceId, Result.CONTINUE);
    } catch (FleetException e) {
      if (e.error().retryable()) {
        throw e;
      }
    }
    lastHeartbeat.remove(instanceId);
    events.add(EventReason.TerminationReleased, instanceId + " in " + hook.getAutoScalingGroup()
        + " may terminate (" + why + ")");
  }
}
