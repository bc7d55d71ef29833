package io.fleetdeploy.demo;

/** A manifest the demo cannot apply; the message names the file, the document and what is wrong. */
public final class ManifestException extends Exception {
  public ManifestException(String message) {
    super(message);
  }
}
