package io.fleetdeploy.controller.deployment;

/**
 * A spec the API server admitted but fleetdeploy cannot act on; permanent until the spec changes.
 */
final class InvalidSpecException extends RuntimeException {
  InvalidSpecException(String message) {
    super(message);
  }
}
