package io.fleetdeploy.simulator.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Auto Scaling state machine: walks each member through its lifecycle states and lifecycle
 * hooks, and launches or retires instances toward the desired capacity. Runs under the fleet's
 * lock.
 */
final class GroupReconciler {
  private final Fleet fleet;
  private final IdGenerator ids;

  GroupReconciler(Fleet fleet, IdGenerator ids) {
    this.fleet = fleet;
    this.ids = ids;
  }

  /** Walks each member one step and launches or retires instances toward the desired capacity. */
  void reconcile(AutoScalingGroup group, Instant now) {
    for (String id : List.copyOf(group.members)) {
      Instance inst = fleet.instance(id);
      for (int step = 0; step < 4; step++) {
        if (!advanceMember(group, inst, now)) {
          break;
        }
      }
    }
    List<Instance> active =
        group.members.stream().map(fleet::instance).filter(i -> i.lifecycle.isActive()).toList();
    for (int i = active.size(); i < group.desiredCapacity; i++) {
      launch(group, now);
    }
    if (active.size() > group.desiredCapacity) {
      for (Instance victim : chooseVictims(group, active, active.size() - group.desiredCapacity)) {
        beginTermination(group, victim, now, true);
      }
    }
  }

  /** One step of a member's lifecycle; returns whether anything changed. */
  boolean advanceMember(AutoScalingGroup group, Instance inst, Instant now) {
    LifecycleState before = inst.lifecycle;
    switch (inst.lifecycle) {
      case PENDING -> {
        if (inst.state == InstanceState.RUNNING) {
          List<LifecycleHook> hooks = group.hooksFor(LifecycleHook.LAUNCHING);
          if (hooks.isEmpty()) {
            inst.lifecycle = LifecycleState.IN_SERVICE;
          } else {
            inst.lifecycle = LifecycleState.PENDING_WAIT;
            for (LifecycleHook hook : hooks) {
              inst.actions.put(hook.name(), new LifecycleAction(ids.uuid(), hook, now));
            }
          }
        } else if (inst.state != InstanceState.PENDING) {
          inst.healthy = false;
          beginTermination(group, inst, now, false);
        }
      }
      case PENDING_WAIT -> {
        if (inst.state != InstanceState.RUNNING) {
          inst.healthy = false;
          beginTermination(group, inst, now, false);
        } else if (resolveDueActions(group, inst, now)) {
          boolean abandoned =
              inst.actions.values().stream().anyMatch(a -> "ABANDON".equals(a.result));
          inst.actions.clear();
          if (abandoned) {
            beginTermination(group, inst, now, false);
          } else {
            inst.lifecycle = LifecycleState.PENDING_PROCEED;
          }
        }
      }
      case PENDING_PROCEED -> inst.lifecycle = LifecycleState.IN_SERVICE;
      case IN_SERVICE -> {
        if (inst.state != InstanceState.RUNNING) {
          // EC2 health check: a stopped or terminated member is unhealthy and gets replaced.
          inst.healthy = false;
          beginTermination(group, inst, now, !inst.state.isGone());
        }
      }
      case TERMINATING_WAIT -> {
        if (inst.state.isGone()) {
          inst.actions.clear();
          inst.lifecycle = LifecycleState.TERMINATING_PROCEED;
        } else if (resolveDueActions(group, inst, now)) {
          inst.actions.clear();
          inst.lifecycle = LifecycleState.TERMINATING_PROCEED;
          fleet.beginEc2Termination(inst, now);
        }
      }
      case TERMINATING, TERMINATING_PROCEED -> {
        if (inst.state == InstanceState.TERMINATED) {
          inst.lifecycle = LifecycleState.TERMINATED;
          group.members.remove(inst.id);
        } else if (!inst.state.isGone()) {
          fleet.beginEc2Termination(inst, now);
        }
      }
      case TERMINATED -> group.members.remove(inst.id);
      default -> {}
    }
    return before != inst.lifecycle;
  }

  /**
   * Applies the default result to actions whose time ran out; true when every action has a result.
   */
  private boolean resolveDueActions(AutoScalingGroup group, Instance inst, Instant now) {
    boolean allResolved = true;
    for (LifecycleAction action : inst.actions.values()) {
      if (action.result == null && !now.isBefore(action.deadline)) {
        LifecycleHook hook = group.hooks.get(action.hookName);
        action.result = hook == null ? "ABANDON" : hook.defaultResult();
      }
      allResolved &= action.result != null;
    }
    return allResolved;
  }

  void beginTermination(AutoScalingGroup group, Instance inst, Instant now, boolean runHooks) {
    inst.actions.clear();
    List<LifecycleHook> hooks = runHooks ? group.hooksFor(LifecycleHook.TERMINATING) : List.of();
    if (!hooks.isEmpty() && !inst.state.isGone()) {
      inst.lifecycle = LifecycleState.TERMINATING_WAIT;
      for (LifecycleHook hook : hooks) {
        inst.actions.put(hook.name(), new LifecycleAction(ids.uuid(), hook, now));
      }
    } else {
      inst.lifecycle = LifecycleState.TERMINATING;
      if (!inst.state.isGone()) {
        fleet.beginEc2Termination(inst, now);
      }
    }
  }

  private void launch(AutoScalingGroup group, Instant now) {
    Map<String, Long> perZone = new LinkedHashMap<>();
    group.availabilityZones.forEach(z -> perZone.put(z, 0L));
    for (String id : group.members) {
      Instance member = fleet.instance(id);
      if (member.lifecycle.isActive()) {
        perZone.merge(member.availabilityZone, 1L, Long::sum);
      }
    }
    String zone =
        perZone.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    Instance inst = fleet.launchPending(zone, now);
    for (GroupTag tag : group.tags) {
      if (tag.propagateAtLaunch()) {
        inst.tags.put(tag.key(), tag.value());
      }
    }
    inst.tags.put(Fleet.GROUP_NAME_TAG, group.name);
    inst.groupName = group.name;
    inst.lifecycle = LifecycleState.PENDING;
    group.members.add(inst.id);
  }

  /** Scale-in order: the zone with the most instances first, and in it the oldest instance. */
  private static List<Instance> chooseVictims(
      AutoScalingGroup group, List<Instance> active, int count) {
    List<Instance> candidates = new ArrayList<>(active);
    List<Instance> victims = new ArrayList<>();
    for (int n = 0; n < count && !candidates.isEmpty(); n++) {
      Map<String, Long> perZone = new LinkedHashMap<>();
      group.availabilityZones.forEach(z -> perZone.put(z, 0L));
      candidates.forEach(i -> perZone.merge(i.availabilityZone, 1L, Long::sum));
      long most = perZone.values().stream().mapToLong(Long::longValue).max().orElse(0);
      String zone =
          perZone.entrySet().stream()
              .filter(e -> e.getValue() == most)
              .findFirst()
              .orElseThrow()
              .getKey();
      Instance victim =
          candidates.stream()
              .filter(i -> i.availabilityZone.equals(zone))
              .min(Comparator.comparingLong(i -> i.seq))
              .orElseThrow();
      candidates.remove(victim);
      victims.add(victim);
    }
    return victims;
  }
}
