package io.fleetdeploy.simulator.http;

/** One simulated AWS service behind the shared port. */
public interface AwsService {

  /** The SigV4 signing name that routes requests here: ec2, autoscaling, ssm, s3, sts. */
  String name();

  /**
   * Names the operation a request asks for (for routing, call accounting and per-action faults).
   * Throws {@link ApiException} when the operation is unknown, in the service's own terms.
   */
  String operation(SimRequest request);

  SimResponse handle(String operation, SimRequest request);

  /** Renders an error in this service's protocol (XML or JSON shape, headers). */
  SimResponse error(ApiException error, SimRequest request);

  /** The service's throttling answer, e.g. EC2's RequestLimitExceeded with HTTP 503. */
  ApiException throttled();
}
