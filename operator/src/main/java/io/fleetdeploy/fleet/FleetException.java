package io.fleetdeploy.fleet;

/** A failure of a fleet operation, classified so controllers know whether to retry. */
public class FleetException extends RuntimeException {
  private final FleetError error;

  public FleetException(FleetError error, String message) {
    super(message);
    this.error = error;
  }

  public FleetException(FleetError error, String message, Throwable cause) {
    super(message, cause);
    this.error = error;
  }

  public FleetError error() {
    return error;
  }
}
