package io.fleetdeploy.rollout;

import java.util.List;
import java.util.Objects;

/** Whether an ended deployment is rolled back, and where. */
public sealed interface RollbackVerdict
    permits RollbackVerdict.RollBack, RollbackVerdict.NoRollback {

  /**
   * Create a rollback deployment of the last successful revision to exactly these instances.
   *
   * @param trigger the ending that fired it
   * @param instanceIds the instances the ended deployment touched, in rollout order
   */
  record RollBack(RollbackTrigger trigger, List<String> instanceIds) implements RollbackVerdict {
    public RollBack {
      Objects.requireNonNull(trigger, "trigger");
      instanceIds = List.copyOf(instanceIds);
    }
  }

  /** No rollback, and why (for status and events). */
  record NoRollback(String reason) implements RollbackVerdict {
    public NoRollback {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
