package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.FailureSummary;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.controller.Text;
import java.util.ArrayList;
import java.util.Objects;

/**
 * Counts each failed instance (and each that left the fleet) into {@code status.failureSummary}
 * when its result is recorded, by error code and lifecycle event, keeping the first one's message
 * as the example. Counted once, when it happens, so the count stays right after the per-instance
 * details are compacted away.
 */
final class FailureTally {
  static final int MAX_ENTRIES = 32;
  static final String OTHER = "Other";

  private FailureTally() {}

  static void count(DeploymentStatus status, InstanceStatus instance) {
    boolean counted =
        instance.getStatus() == ExecutionStatus.Failed
            || (instance.getStatus() == ExecutionStatus.Skipped
                && HostResults.INSTANCE_LEFT.equals(instance.getErrorCode()));
    if (!counted) {
      return;
    }
    if (status.getFailureSummary() == null) {
      status.setFailureSummary(new ArrayList<>());
    }
    String code =
        instance.getErrorCode() == null ? HostResults.UNKNOWN_ERROR : instance.getErrorCode();
    String event = instance.getStatus() == ExecutionStatus.Failed ? instance.getLastEvent() : null;
    FailureSummary entry =
        status.getFailureSummary().stream()
            .filter(
                s -> s.getErrorCode().equals(code) && Objects.equals(s.getLifecycleEvent(), event))
            .findFirst()
            .orElse(null);
    if (entry == null && status.getFailureSummary().size() >= MAX_ENTRIES - 1) {
      entry =
          status.getFailureSummary().stream()
              .filter(s -> s.getErrorCode().equals(OTHER))
              .findFirst()
              .orElseGet(
                  () -> add(status, OTHER, null, instance.getId(), "failures of other kinds"));
    }
    if (entry == null) {
      entry = add(status, code, event, instance.getId(), instance.getMessage());
    }
    entry.setInstances(entry.getInstances() + 1);
  }

  private static FailureSummary add(
      DeploymentStatus status, String code, String event, String instance, String message) {
    FailureSummary entry = new FailureSummary();
    entry.setErrorCode(code);
    entry.setLifecycleEvent(event);
    entry.setInstances(0);
    entry.setFirstInstance(instance);
    entry.setMessage(Text.truncate(message, 1024));
    status.getFailureSummary().add(entry);
    return entry;
  }
}
