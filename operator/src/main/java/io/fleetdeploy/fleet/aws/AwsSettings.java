package io.fleetdeploy.fleet.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * How to reach AWS.
 *
 * @param region the fleet's region
 * @param endpoint one endpoint for every service (LocalStack, the simulator), if overridden
 * @param credentials where credentials come from (IRSA / Pod Identity through the default chain)
 * @param maxAttempts attempts per call, including retries of throttling and transient errors
 */
public record AwsSettings(
    String region, Optional<URI> endpoint, AwsCredentialsProvider credentials, int maxAttempts) {

  /**
   * Production: the default credential chain (environment, web identity, Pod Identity, profile).
   */
  public static AwsSettings of(String region, Optional<URI> endpoint) {
    return new AwsSettings(region, endpoint, DefaultCredentialsProvider.builder().build(), 10);
  }

  /** A local stand-in (the simulator): any credentials do. */
  public static AwsSettings local(String region, URI endpoint) {
    return new AwsSettings(
        region,
        Optional.of(endpoint),
        StaticCredentialsProvider.create(AwsBasicCredentials.create("fleetdeploy", "local")),
        10);
  }
}
