package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.rollout.InstanceStatus;

/** Between the API's per-instance status and the rollout logic's. */
final class InstanceStatuses {
  private InstanceStatuses() {}

  static InstanceStatus toRollout(ExecutionStatus status) {
    return switch (status == null ? ExecutionStatus.Pending : status) {
      case Pending -> InstanceStatus.PENDING;
      case InProgress -> InstanceStatus.IN_PROGRESS;
      case Succeeded -> InstanceStatus.SUCCEEDED;
      // An instance whose outcome was lost counts as failed: it cannot be assumed healthy.
      case Failed, Unknown -> InstanceStatus.FAILED;
      case Skipped -> InstanceStatus.SKIPPED;
    };
  }
}
