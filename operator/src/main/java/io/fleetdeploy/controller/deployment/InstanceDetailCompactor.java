package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps a Deployment small enough for etcd whatever happens (5,000 instances that all failed stay
 * under 512 KiB): every instance keeps a compact entry (id, status, batch, error code); the full
 * story (message, the failed event with its diagnostics and log tail) is kept for the first {@value
 * #DETAILED_PER_CODE} failures of each error code, at most {@value #DETAILED_FAILURES} in all and
 * within {@value #DETAIL_BUDGET} bytes. {@code failureSummary} (kept by {@link FailureTally} as
 * instances finish) counts every failure by error code and event, with an example, so nothing is
 * lost from view.
 */
final class InstanceDetailCompactor {
  static final int DETAILED_PER_CODE = 3;
  static final int DETAILED_FAILURES = 20;
  static final int DETAIL_BUDGET = 96 * 1024;

  /**
   * Above this many instances, entries drop their times and messages: their batch has the times.
   */
  static final int TIMES_FOR_ALL_UP_TO = 1000;

  private InstanceDetailCompactor() {}

  static void compact(DeploymentStatus status) {
    if (status.getInstances() == null) {
      return;
    }
    boolean small = status.getInstances().size() <= TIMES_FOR_ALL_UP_TO;
    Map<String, Integer> detailedPerCode = new HashMap<>();
    int detailed = 0;
    int budget = DETAIL_BUDGET;
    int omitted = 0;
    for (InstanceStatus instance : status.getInstances()) {
      if (instance.getStatus() == ExecutionStatus.Succeeded) {
        instance.setEvents(null);
        if (!small) {
          instance.setMessage(null);
          instance.setStartTime(null);
          instance.setEndTime(null);
          instance.setLastEvent(null);
        }
      } else if (instance.getStatus() == ExecutionStatus.Failed) {
        if (instance.getEvents() != null) {
          // Succeeded and skipped events of a failed instance say little; the failed one says all.
          instance.getEvents().removeIf(e -> e.getStatus() != ExecutionStatus.Failed);
        }
        String code = Objects.toString(instance.getErrorCode(), "");
        int size = detailSize(instance);
        boolean keep = instance.getEvents() != null || instance.getMessage() != null;
        if (keep
            && detailedPerCode.getOrDefault(code, 0) < DETAILED_PER_CODE
            && detailed < DETAILED_FAILURES
            && size <= budget) {
          detailedPerCode.merge(code, 1, Integer::sum);
          detailed++;
          budget -= size;
        } else if (keep) {
          instance.setEvents(null);
          instance.setMessage(null);
          omitted++;
        }
        if (!small) {
          // failureSummary has the event of every failure, counted when it happened.
          instance.setStartTime(null);
          instance.setEndTime(null);
          instance.setLastEvent(null);
        }
      } else if (instance.getStatus() == ExecutionStatus.Skipped && !small) {
        instance.setMessage(null);
      }
    }
    status.setOmittedInstanceDetails(omitted == 0 ? null : omitted);
  }

  private static int detailSize(InstanceStatus instance) {
    int size = instance.getMessage() == null ? 0 : instance.getMessage().length();
    if (instance.getEvents() != null) {
      for (LifecycleEventStatus e : instance.getEvents()) {
        size += 64;
        if (e.getDiagnostics() != null) {
          size +=
              length(e.getDiagnostics().getMessage())
                  + length(e.getDiagnostics().getLogTail())
                  + length(e.getDiagnostics().getScriptName())
                  + (e.getDiagnostics().getFullLog() == null ? 0 : 300);
        }
      }
    }
    return size;
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }
}
