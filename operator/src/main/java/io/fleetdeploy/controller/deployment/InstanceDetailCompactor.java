package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;

/**
 * Keeps a Deployment small enough for etcd at any fleet size (a 5,000-instance deployment stays
 * well under 512 KiB): succeeded instances keep only id, status and batch (and their times while
 * the fleet is small); per-event detail is kept for failed instances only, for the first {@value
 * #DETAILED_FAILURES} of them, the others keep their one-line message and are counted.
 */
final class InstanceDetailCompactor {
  static final int DETAILED_FAILURES = 50;
  /** Above this many instances, succeeded entries drop their times: their batch has them. */
  static final int TIMES_FOR_ALL_UP_TO = 1000;

  private InstanceDetailCompactor() {}

  static void compact(DeploymentStatus status) {
    if (status.getInstances() == null) {
      return;
    }
    boolean keepTimes = status.getInstances().size() <= TIMES_FOR_ALL_UP_TO;
    int detailed = 0;
    int omitted = 0;
    for (InstanceStatus instance : status.getInstances()) {
      if (instance.getStatus() == ExecutionStatus.Succeeded) {
        instance.setEvents(null);
        if (!keepTimes) {
          instance.setStartTime(null);
          instance.setEndTime(null);
          instance.setLastEvent(null);
        }
      } else if (instance.getStatus() == ExecutionStatus.Failed) {
        if (detailed < DETAILED_FAILURES) {
          detailed++;
          if (instance.getEvents() != null) {
            // Succeeded and skipped events of a failed instance say little; the failed one says all.
            instance.getEvents().removeIf(e -> e.getStatus() != ExecutionStatus.Failed);
          }
        } else {
          instance.setEvents(null);
          omitted++;
        }
      }
    }
    status.setOmittedInstanceDetails(omitted == 0 ? null : omitted);
  }
}
