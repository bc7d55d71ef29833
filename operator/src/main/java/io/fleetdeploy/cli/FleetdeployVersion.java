package io.fleetdeploy.cli;

import picocli.CommandLine;

/** Reads the version Maven stamped into the jar manifest ("dev" when run from classes). */
final class FleetdeployVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = FleetdeployVersion.class.getPackage().getImplementationVersion();
    return new String[] {"fleetdeploy " + (version == null ? "dev" : version)};
  }
}
