package io.fleetdeploy.simulator.ssm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every command sent, newest last, and the invocations not yet finished. Callers synchronize on the
 * store itself: it is the one lock of all SSM command state.
 */
final class CommandStore {
  final Map<String, Command> commands = new LinkedHashMap<>();
  final List<Invocation> active = new ArrayList<>();
  private long nextSeq;

  long nextSeq() {
    return nextSeq++;
  }

  void add(Command command) {
    commands.put(command.id, command);
    active.addAll(command.invocations);
  }

  Command find(String commandId) {
    return commands.get(commandId);
  }

  List<Command> newestFirst() {
    List<Command> out = new ArrayList<>(commands.values());
    java.util.Collections.reverse(out);
    return out;
  }
}
