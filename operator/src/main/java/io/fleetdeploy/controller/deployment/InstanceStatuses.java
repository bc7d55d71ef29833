package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.rollout.InstanceStatus;

/** Between the API's per-instance status and the rollout logic's. */
final class InstanceStatuses {
  private InstanceStatuses() {}

  static InstanceStatus toRollout(io.fleetdeploy.api.v1alpha1.InstanceStatus instance) {
    ExecutionStatus status = instance.getStatus();
    return switch (status == null ? ExecutionStatus.Pending : status) {
      case Pending -> InstanceStatus.PENDING;
      case InProgress -> InstanceStatus.IN_PROGRESS;
      case Succeeded -> InstanceStatus.SUCCEEDED;
      // An instance whose outcome was lost counts as failed: it cannot be assumed healthy.
      case Failed, Unknown -> InstanceStatus.FAILED;
      // The API has CodeDeploy's statuses only: an instance that left the fleet before its turn is
      // Skipped with its own code, and must not read as a stop.
      case Skipped ->
          HostResults.INSTANCE_LEFT.equals(instance.getErrorCode())
              ? InstanceStatus.LEFT
              : InstanceStatus.SKIPPED;
    };
  }
}
