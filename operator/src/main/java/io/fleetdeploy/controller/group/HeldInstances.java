package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.LifecycleHooks.Result;
import io.fleetdeploy.fleet.LifecycleHooks.Transition;
import io.fleetdeploy.fleet.LifecycleHooks.WaitingInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances the group's own hooks hold: finding them, keeping them held and letting them go.
 * Held means heartbeats, at a third of the hook's own timeout (so two may be missed safely), until
 * the operator decides: the group is reconciled again when the next heartbeat is due ({@link
 * #nextHeartbeat}), whatever its usual cadence. A restarted operator heartbeats at once.
 */
final class HeldInstances {
  /** An instance held by one of the group's hooks. */
  record Held(LifecycleHookStatus hook, WaitingInstance instance) {}

  private final LifecycleHooks hooks;
  private final Clock clock;

  /** When each held instance needs its next heartbeat. */
  private final Map<String, Instant> due = new ConcurrentHashMap<>();

  HeldInstances(LifecycleHooks hooks, Clock clock) {
    this.hooks = hooks;
    this.clock = clock;
  }

  /** Instances waiting in the group's active hooks of this transition. */
  List<Held> waiting(List<LifecycleHookStatus> hookStatus, Transition transition) {
    List<Held> out = new ArrayList<>();
    for (LifecycleHookStatus hook : hookStatus) {
      if (hook.getTransition() != LifecycleHookKeeper.transitionOf(transition)
          || hook.getState() == null
          || !hook.getState().active()) {
        continue;
      }
      try {
        hooks.waiting(hook.getAutoScalingGroup()).stream()
            .filter(w -> w.transition() == transition)
            .forEach(w -> out.add(new Held(hook, w)));
      } catch (FleetException e) {
        if (e.error().retryable()) {
          throw e;
        }
        // The Auto Scaling group is gone or inaccessible: the hook keeper reports it.
      }
    }
    return out;
  }

  /** Keeps the instance held: a heartbeat when one is due. */
  void keep(DeploymentGroup group, Held held) {
    Duration timeout = LifecycleHookKeeper.heartbeatTimeout(group, held.instance().transition());
    String id = held.instance().instanceId();
    Instant now = clock.instant();
    Instant next = due.get(id);
    if (next == null || !next.isAfter(now)) {
      hooks.heartbeat(held.hook().getAutoScalingGroup(), held.hook().getName(), id);
      due.put(id, now.plus(timeout.dividedBy(3)));
    }
  }

  /** How long until the earliest heartbeat of these instances is due (they are all held). */
  Optional<Duration> nextHeartbeat(List<Held> held) {
    Instant now = clock.instant();
    return held.stream()
        .map(h -> due.get(h.instance().instanceId()))
        .filter(java.util.Objects::nonNull)
        .min(Instant::compareTo)
        .map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  /** Completes the instance's lifecycle action; one completed meanwhile (or timed out) is fine. */
  void complete(String autoScalingGroup, String hookName, String instanceId, Result result) {
    try {
      hooks.complete(autoScalingGroup, hookName, instanceId, result);
    } catch (FleetException e) {
      if (e.error().retryable()) {
        throw e;
      }
    }
    due.remove(instanceId);
  }

  void complete(Held held, Result result) {
    complete(
        held.hook().getAutoScalingGroup(),
        held.hook().getName(),
        held.instance().instanceId(),
        result);
  }

  /** Lets every instance held by the group's hooks go on (the group is being deleted). */
  void releaseAll(DeploymentGroup group) {
    List<LifecycleHookStatus> recorded =
        group.getStatus() == null ? null : group.getStatus().getLifecycleHooks();
    List<String> asgs = group.getSpec().getTargets().getAutoScalingGroups();
    if (asgs == null) {
      return;
    }
    for (String asg : asgs) {
      List<WaitingInstance> waiting;
      try {
        waiting = hooks.waiting(asg);
      } catch (FleetException e) {
        continue;
      }
      for (WaitingInstance w : waiting) {
        String name =
            recorded == null
                ? HookNames.of(group, w.transition())
                : recorded.stream()
                    .filter(
                        h ->
                            asg.equals(h.getAutoScalingGroup())
                                && h.getTransition()
                                    == LifecycleHookKeeper.transitionOf(w.transition()))
                    .map(LifecycleHookStatus::getName)
                    .findFirst()
                    .orElse(HookNames.of(group, w.transition()));
        complete(asg, name, w.instanceId(), Result.CONTINUE);
      }
    }
  }
}
