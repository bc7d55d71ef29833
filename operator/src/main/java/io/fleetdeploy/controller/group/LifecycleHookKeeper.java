package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.AutoScalingSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.LifecycleHookSpec;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.LifecycleHooks.Hook;
import io.fleetdeploy.fleet.LifecycleHooks.Result;
import io.fleetdeploy.fleet.LifecycleHooks.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the group's lifecycle hooks on its Auto Scaling groups as declared: installs them, repairs
 * them when changed or deleted behind the operator's back, and refuses an Auto Scaling group that
 * another fleetdeploy group already claims (two groups deploying to one instance is never right).
 * Hooks default to ABANDON, as CodeDeploy's: an instance the operator never served is replaced.
 */
final class LifecycleHookKeeper {
  static final int DEFAULT_HEARTBEAT_SECONDS = 600;

  private final LifecycleHooks hooks;

  LifecycleHookKeeper(LifecycleHooks hooks) {
    this.hooks = hooks;
  }

  /** The hooks as they are after this pass, one entry per Auto Scaling group and transition. */
  List<LifecycleHookStatus> ensure(DeploymentGroup group, List<LifecycleHookStatus> before, GroupEvents events) {
    List<LifecycleHookStatus> out = new ArrayList<>();
    List<String> asgs = group.getSpec().getTargets().getAutoScalingGroups();
    if (asgs == null) {
      return out;
    }
    for (String asg : asgs) {
      List<Hook> present;
      try {
        present = hooks.hooks(asg);
      } catch (FleetException e) {
        if (e.error().retryable()) {
          throw e;
        }
        out.add(status(asg, HookNames.of(group, Transition.LAUNCHING), Transition.LAUNCHING, "Missing", e.getMessage()));
        continue;
      }
      for (Transition transition : Transition.values()) {
        Optional<Hook> desired = desired(group, asg, transition);
        String name = HookNames.of(group, transition);
        Optional<Hook> current = present.stream().filter(h -> h.name().equals(name)).findFirst();
        if (desired.isEmpty()) {
          if (current.isPresent()) {
            hooks.remove(asg, name);
            events.add(EventReason.LifecycleHookRemoved, "Removed " + name + " from " + asg + " (disabled in spec)");
          }
          continue;
        }
        Optional<Hook> rival = present.stream()
            .filter(h -> h.transition() == transition && HookNames.isFleetdeploy(h.name()) && !h.name().equals(name))
            .findFirst();
        // Two claims at once (a race): the hook whose name sorts first keeps the group.
        if (rival.isPresent() && (current.isEmpty() || rival.get().name().compareTo(name) < 0)) {
          if (current.isPresent()) {
            hooks.remove(asg, name);
          }
          out.add(status(asg, name, transition, "Refused", "Auto Scaling group " + asg
              + " is already served by another fleetdeploy DeploymentGroup (its hook " + rival.get().name()
              + "); one Auto Scaling group can belong to one DeploymentGroup only"));
          continue;
        }
        if (current.isPresent() && current.get().equals(desired.get())) {
          out.add(status(asg, name, transition, "Installed", null));
          continue;
        }
        hooks.put(desired.get());
        boolean wasOurs = before != null && before.stream().anyMatch(b -> asg.equals(b.getAutoScalingGroup())
            && name.equals(b.getName()) && ("Installed".equals(b.getState()) || "Repaired".equals(b.getState())));
        if (wasOurs) {
          String what = current.isEmpty() ? "it was deleted" : "it was changed (" + current.get() + ")";
          events.add(EventReason.LifecycleHookRepaired, "Repaired " + name + " on " + asg + ": " + what
              + " outside fleetdeploy");
          out.add(status(asg, name, transition, "Repaired", "restored after " + what));
        } else {
          events.add(EventReason.LifecycleHookInstalled, "Installed " + name + " on " + asg);
          out.add(status(asg, name, transition, "Installed", null));
        }
      }
    }
    return out;
  }

  /** Removes every hook the group owns (its Auto Scaling groups may be gone: that is fine). */
  void removeAll(DeploymentGroup group) {
    List<String> asgs = group.getSpec().getTargets().getAutoScalingGroups();
    if (asgs == null) {
      return;
    }
    for (String asg : asgs) {
      for (Transition transition : Transition.values()) {
        try {
          hooks.remove(asg, HookNames.of(group, transition));
        } catch (FleetException e) {
          if (e.error() != FleetError.AUTO_SCALING_CONFIGURATION) {
            throw e;
          }
        }
      }
    }
  }

  static Optional<Hook> desired(DeploymentGroup group, String asg, Transition transition) {
    AutoScalingSpec spec = group.getSpec().getAutoScaling();
    LifecycleHookSpec hook = spec == null ? null
        : transition == Transition.LAUNCHING ? spec.getLaunchHook() : spec.getTerminationHook();
    boolean enabled = transition == Transition.LAUNCHING
        ? hook == null || hook.getEnabled() == null || hook.getEnabled()
        : hook != null && Boolean.TRUE.equals(hook.getEnabled());
    if (!enabled) {
      return Optional.empty();
    }
    int heartbeat = hook == null || hook.getHeartbeatTimeoutSeconds() == null ? DEFAULT_HEARTBEAT_SECONDS
        : hook.getHeartbeatTimeoutSeconds();
    // A terminating instance goes on terminating whatever happens: CONTINUE is its only sane default.
    Result defaultResult = transition == Transition.LAUNCHING ? Result.ABANDON : Result.CONTINUE;
    return Optional.of(new Hook(asg, HookNames.of(group, transition), transition, Duration.ofSeconds(heartbeat),
        defaultResult));
  }

  private static LifecycleHookStatus status(String asg, String name, Transition transition, String state, String message) {
    LifecycleHookStatus s = new LifecycleHookStatus();
    s.setAutoScalingGroup(asg);
    s.setName(name);
    s.setTransition(transition == Transition.LAUNCHING ? "Launching" : "Terminating");
    s.setState(state);
    s.setMessage(message);
    return s;
  }
}
