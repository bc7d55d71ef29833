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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances the group's own hooks hold: finding them, keeping them held (heartbeats at a third
 * of the hook's timeout, so two may be missed safely) and letting them go.
 */
final class HeldInstances {
  /** An instance held by one of the group's hooks. */
  record Held(LifecycleHookStatus hook, WaitingInstance instance) {}

  private final LifecycleHooks hooks;
  private final Clock clock;
  private final Map<String, Instant> lastHeartbeat = new ConcurrentHashMap<>();

  HeldInstances(LifecycleHooks hooks, Clock clock) {
    this.hooks = hooks;
    this.clock = clock;
  }

  /** Instances waiting in the group's installed hooks of this transition. */
  List<Held> waiting(List<LifecycleHookStatus> hookStatus, Transition transition) {
    String wanted = transition == Transition.LAUNCHING ? "Launching" : "Terminating";
    List<Held> out = new ArrayList<>();
    for (LifecycleHookStatus hook : hookStatus) {
      if (!wanted.equals(hook.getTransition())
          || !("Installed".equals(hook.getState()) || "Repaired".equals(hook.getState()))) {
        continue;
      }
      try {
        hooks.waiting(hook.getAutoScalingGroup()).stream().filter(w -> w.transition() == transition)
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

  void heartbeatIfDue(DeploymentGroup group, Held held) {
    Transition transition = held.instance().transition();
    String asg = held.hook().getAutoScalingGroup();
    Duration timeout = LifecycleHookKeeper.desired(group, asg, transition)
        .map(LifecycleHooks.Hook::heartbeatTimeout)
        .orElse(Duration.ofSeconds(LifecycleHookKeeper.DEFAULT_HEARTBEAT_SECONDS));
    String id = held.instance().instanceId();
    Instant now = clock.instant();
    Instant last = lastHeartbeat.get(id);
    if (last == null || !last.plus(timeout.dividedBy(3)).isAfter(now)) {
      hooks.heartbeat(asg, held.hook().getName(), id);
      lastHeartbeat.put(id, now);
    }
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
    lastHeartbeat.remove(instanceId);
  }

  void complete(Held held, Result result) {
    complete(held.hook().getAutoScalingGroup(), held.hook().getName(), held.instance().instanceId(), result);
  }

  /** Lets every instance held by the group's hooks go on (the group is being deleted). */
  void releaseAll(DeploymentGroup group) {
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
        complete(asg, HookNames.of(group, w.transition()), w.instanceId(), Result.CONTINUE);
      }
    }
  }
}
