package io.fleetdeploy.appspec;

/** The bundle cannot be read as a bundle at all (not an archive, corrupt, no AppSpec inside). */
public final class BundleFormatException extends Exception {
  public BundleFormatException(String message) {
    super(message);
  }

  public BundleFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
