package io.fleetdeploy.kubectl;

/** Something the user asked for that cannot be done, said in one line. */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
