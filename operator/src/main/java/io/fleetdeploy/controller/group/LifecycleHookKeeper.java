package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.AutoScalingSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.HookState;
import io.fleetdeploy.api.v1alpha1.HookTransition;
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
 * them when changed or deleted behind the operator's back, renames hooks of the old (colliding)
 * name, and refuses an Auto Scaling group that another fleetdeploy group already claims (two groups
 * deploying to one instance is never right). Hooks default to ABANDON, as CodeDeploy's: an instance
 * the operator never served is replaced.
 */
final class LifecycleHookKeeper {
  static final int DEFAULT_HEARTBEAT_SECONDS = 600;

  private final LifecycleHooks hooks;

  LifecycleHookKeeper(LifecycleHooks hooks) {
    this.hooks = hooks;
  }

  /** The hooks as they are after this pass, one entry per Auto Scaling group and transition. */
  List<LifecycleHookStatus> ensure(
      DeploymentGroup group, List<LifecycleHookStatus> before, GroupEvents events) {
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
        out.add(
            status(
                asg,
                HookNames.of(group, Transition.LAUNCHING),
                Transition.LAUNCHING,
                HookState.Missing,
                e.getMessage()));
        continue;
      }
      for (Transition transition : Transition.values()) {
        ensure(group, asg, transition, present, before, events).ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<LifecycleHookStatus> ensure(
      DeploymentGroup group,
      String asg,
      Transition transition,
      List<Hook> present,
      List<LifecycleHookStatus> before,
      GroupEvents events) {
    Optional<Hook> desired = desired(group, asg, transition);
    String name = HookNames.of(group, transition);
    String legacy = HookNames.legacy(group, transition);
    Optional<Hook> current = present.stream().filter(h -> h.name().equals(name)).findFirst();
    boolean legacyIsOurs =
        present.stream().anyMatch(h -> h.name().equals(legacy)) && wasOurs(before, asg, legacy);
    if (desired.isEmpty()) {
      for (String hookName : legacyIsOurs ? List.of(name, legacy) : List.of(name)) {
        if (present.stream().anyMatch(h -> h.name().equals(hookName))) {
          hooks.remove(asg, hookName);
          events.add(
              EventReason.LifecycleHookRemoved,
              "Removed " + hookName + " from " + asg + " (disabled in spec)");
        }
      }
      return Optional.empty();
    }
    if (legacyIsOurs) {
      return Optional.of(rename(asg, legacy, desired.get(), transition, events));
    }
    Optional<Hook> rival =
        present.stream()
            .filter(
                h ->
                    h.transition() == transition
                        && HookNames.isFleetdeploy(h.name())
                        && !h.name().equals(name))
            .findFirst();
    // Two claims at once (a race): the hook whose name sorts first keeps the group.
    if (rival.isPresent() && (current.isEmpty() || rival.get().name().compareTo(name) < 0)) {
      if (current.isPresent()) {
        hooks.remove(asg, name);
      }
      return Optional.of(
          status(
              asg,
              name,
              transition,
              HookState.Refused,
              "Auto Scaling group "
                  + asg
                  + " is already served by another fleetdeploy DeploymentGroup (its hook "
                  + rival.get().name()
                  + "); one Auto Scaling group can belong to one DeploymentGroup only"));
    }
    if (current.isPresent() && current.get().equals(desired.get())) {
      return Optional.of(status(asg, name, transition, HookState.Installed, null));
    }
    hooks.put(desired.get());
    if (wasOurs(before, asg, name)) {
      String what = current.isEmpty() ? "it was deleted" : "it was changed (" + current.get() + ")";
      events.add(
          EventReason.LifecycleHookRepaired,
          "Repaired " + name + " on " + asg + ": " + what + " outside fleetdeploy");
      return Optional.of(
          status(asg, name, transition, HookState.Repaired, "restored after " + what));
    }
    events.add(EventReason.LifecycleHookInstalled, "Installed " + name + " on " + asg);
    return Optional.of(status(asg, name, transition, HookState.Installed, null));
  }

  /**
   * A hook of the old name that this group installed: renamed while no instance waits in it
   * (deleting a hook completes its waiting instances with its default result, ABANDON for
   * launches); until then it keeps serving under its old name.
   */
  private LifecycleHookStatus rename(
      String asg, String legacy, Hook desired, Transition transition, GroupEvents events) {
    boolean anyWaiting = hooks.waiting(asg).stream().anyMatch(w -> w.transition() == transition);
    if (anyWaiting) {
      return status(
          asg,
          legacy,
          transition,
          HookState.Installed,
          "to be renamed " + desired.name() + " once no instance waits in it");
    }
    hooks.remove(asg, legacy);
    hooks.put(desired);
    events.add(
        EventReason.LifecycleHookRepaired,
        "Renamed "
            + legacy
            + " on "
            + asg
            + " to "
            + desired.name()
            + ": hook names now carry the group's uid, so that two groups can never share one");
    return status(asg, desired.name(), transition, HookState.Installed, null);
  }

  private static boolean wasOurs(List<LifecycleHookStatus> before, String asg, String name) {
    return before != null
        && before.stream()
            .anyMatch(
                b ->
                    asg.equals(b.getAutoScalingGroup())
                        && name.equals(b.getName())
                        && b.getState() != null
                        && b.getState().active());
  }

  /** Removes every hook the group owns (its Auto Scaling groups may be gone: that is fine). */
  void removeAll(DeploymentGroup group) {
    List<String> asgs = group.getSpec().getTargets().getAutoScalingGroups();
    if (asgs == null) {
      return;
    }
    List<LifecycleHookStatus> recorded =
        group.getStatus() == null || group.getStatus().getLifecycleHooks() == null
            ? List.of()
            : group.getStatus().getLifecycleHooks();
    for (String asg : asgs) {
      for (Transition transition : Transition.values()) {
        List<String> names = new ArrayList<>(List.of(HookNames.of(group, transition)));
        if (wasOurs(recorded, asg, HookNames.legacy(group, transition))) {
          names.add(HookNames.legacy(group, transition));
        }
        for (String name : names) {
          try {
            hooks.remove(asg, name);
          } catch (FleetException e) {
            if (e.error() != FleetError.AUTO_SCALING_CONFIGURATION) {
              throw e;
            }
          }
        }
      }
    }
  }

  static Optional<Hook> desired(DeploymentGroup group, String asg, Transition transition) {
    AutoScalingSpec spec = group.getSpec().getAutoScaling();
    LifecycleHookSpec hook =
        spec == null
            ? null
            : transition == Transition.LAUNCHING ? spec.getLaunchHook() : spec.getTerminationHook();
    boolean enabled =
        transition == Transition.LAUNCHING
            ? hook == null || hook.getEnabled() == null || hook.getEnabled()
            : hook != null && Boolean.TRUE.equals(hook.getEnabled());
    if (!enabled) {
      return Optional.empty();
    }
    // A terminating instance goes on terminating whatever happens: CONTINUE is its only sane
    // default.
    Result defaultResult = transition == Transition.LAUNCHING ? Result.ABANDON : Result.CONTINUE;
    return Optional.of(
        new Hook(
            asg,
            HookNames.of(group, transition),
            transition,
            heartbeatTimeout(group, transition),
            defaultResult));
  }

  /** The heartbeat timeout the group declares for its hooks of this transition. */
  static Duration heartbeatTimeout(DeploymentGroup group, Transition transition) {
    AutoScalingSpec spec = group.getSpec().getAutoScaling();
    LifecycleHookSpec hook =
        spec == null
            ? null
            : transition == Transition.LAUNCHING ? spec.getLaunchHook() : spec.getTerminationHook();
    return Duration.ofSeconds(
        hook == null || hook.getHeartbeatTimeoutSeconds() == null
            ? DEFAULT_HEARTBEAT_SECONDS
            : hook.getHeartbeatTimeoutSeconds());
  }

  static HookTransition transitionOf(Transition transition) {
    return switch (transition) {
      case LAUNCHING -> HookTransition.Launching;
      case TERMINATING -> HookTransition.Terminating;
    };
  }

  private static LifecycleHookStatus status(
      String asg, String name, Transition transition, HookState state, String message) {
    LifecycleHookStatus s = new LifecycleHookStatus();
    s.setAutoScalingGroup(asg);
    s.setName(name);
    s.setTransition(transitionOf(transition));
    s.setState(state);
    s.setMessage(message);
    return s;
  }
}
