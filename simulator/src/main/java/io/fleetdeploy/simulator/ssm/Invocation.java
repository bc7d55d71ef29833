package io.fleetdeploy.simulator.ssm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A command on one instance. State is guarded by the command store's lock. */
final class Invocation {
  /** Why a running invocation must stop. */
  enum StopReason {
    CANCEL,
    HOST_DOWN
  }

  final Command command;
  final String instanceId;
  final List<PluginRun> plugins;
  final Instant deliveryDeadline;
  InvocationState state = InvocationState.PENDING;
  Instant deliveredAt;
  Instant finishedAt;
  Path root;
  volatile StopReason stopRequested;

  Invocation(
      Command command, String instanceId, List<PluginRun> plugins, Instant deliveryDeadline) {
    this.command = command;
    this.instanceId = instanceId;
    this.plugins = plugins;
    this.deliveryDeadline = deliveryDeadline;
  }

  /** Ends an invocation that never ran: every plugin takes the same final state. */
  void finishUndelivered(InvocationState finalState, Instant now) {
    state = finalState;
    finishedAt = now;
    for (PluginRun p : plugins) {
      if (!p.state.isTerminal()) {
        p.state = finalState;
      }
    }
  }

  /** The response code SSM reports for the invocation: that of its last plugin that ran. */
  int responseCode() {
    int code = -1;
    for (PluginRun p : plugins) {
      if (p.startTime != null) {
        code = p.responseCode;
      }
    }
    return code;
  }
}
