package io.fleetdeploy.controller.group;

import io.fleetdeploy.controller.EventReason;
import java.util.ArrayList;
import java.util.List;

/** Events a group reconcile decided to record, recorded once its status is written. */
final class GroupEvents {
  record Pending(EventReason reason, String message) {}

  private final List<Pending> pending = new ArrayList<>();

  void add(EventReason reason, String message) {
    pending.add(new Pending(reason, message));
  }

  List<Pending> all() {
    return List.copyOf(pending);
  }
}
