package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.Faults;
import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.fleet.InstanceState;
import io.fleetdeploy.simulator.fleet.SimClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service side of Run Command: delivers pending invocations to hosts whose agent is online,
 * holds them (Delayed) while a host is stopped, ends them at the delivery timeout, gives up on
 * terminated hosts, honours MaxConcurrency and MaxErrors, and stops what runs on a host that goes
 * down.
 */
final class CommandScheduler {
  private final CommandStore store;
  private final Fleet fleet;
  private final Faults faults;
  private final CommandRunner runner;
  private final SimClock clock;

  CommandScheduler(
      CommandStore store, Fleet fleet, Faults faults, CommandRunner runner, SimClock clock) {
    this.store = store;
    this.fleet = fleet;
    this.faults = faults;
    this.runner = runner;
    this.clock = clock;
  }

  void tick() {
    List<Invocation> toRun = new ArrayList<>();
    synchronized (store) {
      Instant now = clock.now();
      // What runs per command, counted only for commands with something to deliver (a tick at
      // every send and every 25 ms went through thousands of running invocations to count them).
      Map<Command, Integer> running = new HashMap<>();
      for (Invocation inv : store.active) {
        if (inv.state != InvocationState.PENDING && inv.state != InvocationState.DELAYED) {
          continue;
        }
        Command command = inv.command;
        if (!now.isBefore(inv.deliveryDeadline)) {
          inv.finishUndelivered(InvocationState.DELIVERY_TIMED_OUT, now);
          continue;
        }
        if (command.errorCount() > command.errorLimit()) {
          inv.finishUndelivered(InvocationState.TERMINATED, now);
          continue;
        }
        InstanceSnapshot host = fleet.find(inv.instanceId);
        if (host == null || host.state().isGone()) {
          inv.finishUndelivered(InvocationState.UNDELIVERABLE, now);
          continue;
        }
        if (host.state() != InstanceState.RUNNING) {
          inv.state = InvocationState.DELAYED;
          continue;
        }
        if (faults.isAgentOffline(inv.instanceId) || faults.neverDelivers(inv.instanceId)) {
          continue;
        }
        int inFlight = running.computeIfAbsent(command, CommandScheduler::inFlight);
        if (inFlight >= command.concurrencyLimit()) {
          continue;
        }
        running.put(command, inFlight + 1);
        inv.state = InvocationState.IN_PROGRESS;
        inv.deliveredAt = now;
        inv.root = host.root();
        toRun.add(inv);
      }
      store.active.removeIf(inv -> inv.state.isTerminal());
    }
    toRun.forEach(runner::submit);
  }

  /**
   * How many of a command's invocations run (or are being cancelled): a running invocation is never
   * terminal, so it is among the store's active ones, which is what was counted before.
   */
  private static int inFlight(Command command) {
    int n = 0;
    for (Invocation inv : command.invocations) {
      if (inv.state == InvocationState.IN_PROGRESS || inv.state == InvocationState.CANCELLING) {
        n++;
      }
    }
    return n;
  }

  /**
   * A host began stopping or shutting down: what runs there is stopped, and so are its leftovers.
   */
  void hostDown(String instanceId) {
    synchronized (store) {
      for (Invocation inv : store.active) {
        if (inv.instanceId.equals(instanceId)
            && (inv.state == InvocationState.IN_PROGRESS || inv.state == InvocationState.CANCELLING)
            && inv.stopRequested == null) {
          inv.stopRequested = Invocation.StopReason.HOST_DOWN;
        }
      }
    }
    InstanceSnapshot host = fleet.find(instanceId);
    if (host != null) {
      InstanceProcesses.killAll(instanceId, host.root());
    }
  }

  /** CancelCommand: pending invocations end at once, running ones are stopped. */
  void cancel(Command command, List<String> instanceIds) {
    synchronized (store) {
      Instant now = clock.now();
      command.cancelRequested = true;
      for (Invocation inv : command.invocations) {
        if (instanceIds != null
            && !instanceIds.isEmpty()
            && !instanceIds.contains(inv.instanceId)) {
          continue;
        }
        if (inv.state == InvocationState.PENDING || inv.state == InvocationState.DELAYED) {
          inv.finishUndelivered(InvocationState.CANCELLED, now);
        } else if (inv.state == InvocationState.IN_PROGRESS) {
          inv.state = InvocationState.CANCELLING;
          inv.stopRequested = Invocation.StopReason.CANCEL;
        }
      }
    }
  }
}
