package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.ErrorCode;

/** A revision that cannot be deployed: missing, not the declared bytes, or a bad AppSpec. */
final class RevisionRejected extends RuntimeException {
  private final ErrorCode code;

  RevisionRejected(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  ErrorCode code() {
    return code;
  }
}
