package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.rollout.RolloutErrorCode;

/** The API's name for each error code the pure rollout logic decides. */
final class RolloutErrors {
  private RolloutErrors() {}

  static ErrorCode code(RolloutErrorCode code) {
    return switch (code) {
      case HEALTH_CONSTRAINTS -> ErrorCode.HEALTH_CONSTRAINTS;
      case HEALTH_CONSTRAINTS_INVALID -> ErrorCode.HEALTH_CONSTRAINTS_INVALID;
      case NO_INSTANCES -> ErrorCode.NO_INSTANCES;
      case MANUAL_STOP -> ErrorCode.MANUAL_STOP;
      case ALARM_ACTIVE -> ErrorCode.ALARM_ACTIVE;
    };
  }
}
