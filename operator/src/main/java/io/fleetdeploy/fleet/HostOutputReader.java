package io.fleetdeploy.fleet;

/**
 * Reads a host's full output where the service kept it (CloudWatch Logs GetLogEvents, S3
 * GetObject).
 */
public interface HostOutputReader {
  /**
   * The whole output at that location, CloudWatch first when it is in both.
   *
   * @throws FleetException when it cannot be read, with the service's reason (not there yet, access
   *     denied, ...)
   */
  String read(OutputLocation location);

  /**
   * Where the service put the full output of one instance's run of a command sent with these output
   * options (for runs whose location status does not record, e.g. still running).
   */
  OutputLocation locate(HostOutput output, String commandId, String instanceId);
}
