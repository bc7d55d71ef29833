package io.fleetdeploy.simulator.fleet;

/** A request the fleet refuses, with the AWS error code the owning service answers with. */
public final class FleetException extends RuntimeException {
  private final String awsCode;

  public FleetException(String awsCode, String message) {
    super(message);
    this.awsCode = awsCode;
  }

  public String awsCode() {
    return awsCode;
  }
}
