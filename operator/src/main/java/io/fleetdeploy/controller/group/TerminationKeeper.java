package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.HostExecutor.HostCommand;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.LifecycleHooks.Result;
import io.fleetdeploy.fleet.LifecycleHooks.Transition;
import io.fleetdeploy.hostplan.DeploymentContext;
import io.fleetdeploy.hostplan.HostPlanBuilder;
import io.fleetdeploy.hostplan.HostPlanCodec;
import io.fleetdeploy.hostplan.Revision;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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

  /**
   * Sends of a stop are found again after a restart among commands of the last two days sent to
   * that instance: one instance per stop, so the executor looks among that instance's own commands
   * (one ListCommands call with SSM), not among the account's.
   */
  private static final Duration LOOKBACK = Duration.ofHours(48);

  private final HeldInstances held;
  private final HostExecutor executor;
  private final Clock clock;
  private final Map<String, List<String>> commands = new ConcurrentHashMap<>();

  TerminationKeeper(HeldInstances held, HostExecutor executor, Clock clock) {
    this.held = held;
    this.executor = executor;
    this.clock = clock;
  }

  /** The instances still held in the termination hook after this pass. */
  List<HeldInstances.Held> reconcile(
      DeploymentGroup group,
      List<LifecycleHookStatus> hookStatus,
      PinnedRevision running,
      GroupEvents events) {
    List<HeldInstances.Held> waiting = held.waiting(hookStatus, Transition.TERMINATING);
    return waiting.stream()
        .filter(instance -> !stopThenRelease(group, instance, running, events))
        .toList();
  }

  /** True when the instance was let go. */
  private boolean stopThenRelease(
      DeploymentGroup group,
      HeldInstances.Held instance,
      PinnedRevision running,
      GroupEvents events) {
    String id = instance.instance().instanceId();
    if (running == null) {
      release(instance, events, "nothing was deployed by the group, nothing to stop");
      return true;
    }
    List<String> sent =
        commands.computeIfAbsent(id, k -> executor.send(command(group, id, running), List.of(id)));
    Optional<Invocation> done =
        executor.invocations(sent).stream()
            .filter(i -> i.instanceId().equals(id) && i.state().done())
            .findFirst();
    if (done.isPresent()) {
      executor.forget(sent);
      commands.remove(id);
      release(
          instance,
          events,
          "ApplicationStop " + done.get().state().name().toLowerCase(Locale.ROOT));
      return true;
    }
    held.keep(group, instance);
    return false;
  }

  private HostCommand command(DeploymentGroup group, String instanceId, PinnedRevision running) {
    String type =
        running.getS3() != null
            ? running.getS3().getBundleType().name()
            : running.getUrl().getBundleType().name();
    DeploymentContext context =
        new DeploymentContext(
            "stop-" + instanceId,
            group.getSpec().getApplicationRef().getName(),
            group.getMetadata().getName(),
            group.getMetadata().getUid(),
            // A stop-only plan fetches nothing: the host stops what it runs with the scripts it
            // kept.
            new Revision(
                "https://bundle.invalid/not-fetched",
                BundleType.fromWireName(type).orElseThrow(),
                running.getSha256(),
                Optional.empty()),
            Optional.empty(),
            true,
            false);
    return new HostCommand(
        context.deploymentId(),
        1,
        HostPlanCodec.toJson(HostPlanBuilder.stopOnly(context)),
        Duration.ofMinutes(2),
        STOP_TIMEOUT,
        clock.instant().minus(LOOKBACK));
  }

  private void release(HeldInstances.Held instance, GroupEvents events, String why) {
    held.complete(instance, Result.CONTINUE);
    events.add(
        EventReason.TerminationReleased,
        instance.instance().instanceId()
            + " in "
            + instance.hook().getAutoScalingGroup()
            + " may terminate ("
            + why
            + ")");
  }
}
