package io.fleetdeploy.simulator;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Real AWS SDK v2 clients (URL-connection HTTP client, static credentials) pointed at a simulator,
 * configured the way fleetdeploy's AWS adapter will be: only the endpoint differs from production.
 */
final class SdkClients {
  private final AwsSimulator sim;
  private final RetryStrategy retryStrategy;

  private SdkClients(AwsSimulator sim, RetryStrategy retryStrategy) {
    this.sim = sim;
    this.retryStrategy = retryStrategy;
  }

  /** The SDK's default retry strategy. */
  static SdkClients of(AwsSimulator sim) {
    return new SdkClients(sim, null);
  }

  /** One attempt only: errors (throttling included) reach the caller as they are. */
  static SdkClients withoutRetries(AwsSimulator sim) {
    return new SdkClients(sim, AwsRetryStrategy.doNotRetry());
  }

  /**
   * The SDK's standard strategy (which decides what is retryable and what is throttling) with more
   * attempts and short back-off, so a throttled test run stays fast and cannot lose by bad luck.
   */
  static SdkClients withPatientRetries(AwsSimulator sim) {
    BackoffStrategy quick = BackoffStrategy.fixedDelay(Duration.ofMillis(5));
    StandardRetryStrategy.Builder standard =
        (StandardRetryStrategy.Builder) AwsRetryStrategy.standardRetryStrategy().toBuilder();
    return new SdkClients(
        sim,
        standard
            .maxAttempts(15)
            .backoffStrategy(quick)
            .throttlingBackoffStrategy(quick)
            .circuitBreakerEnabled(false)
            .build());
  }

  Ec2Client ec2() {
    return configure(Ec2Client.builder()).build();
  }

  AutoScalingClient autoScaling() {
    return configure(AutoScalingClient.builder()).build();
  }

  SsmClient ssm() {
    return configure(SsmClient.builder()).build();
  }

  S3Client s3() {
    return configure(S3Client.builder()).forcePathStyle(true).build();
  }

  software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient logs() {
    return configure(software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient.builder())
        .build();
  }

  software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client elbv2() {
    return configure(
            software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client
                .builder())
        .build();
  }

  /** Classic Load Balancing: the 2.41.6 client on the BOM's newer core (see the root pom). */
  software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient elb() {
    return configure(
            software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient
                .builder())
        .build();
  }

  software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch() {
    return configure(software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder()).build();
  }

  StsClient sts() {
    return configure(StsClient.builder()).build();
  }

  S3Presigner presigner() {
    return S3Presigner.builder()
        .endpointOverride(sim.endpoint())
        .region(Region.of(sim.region()))
        .credentialsProvider(credentials())
        .serviceConfiguration(
            software.amazon.awssdk.services.s3.S3Configuration.builder()
                .pathStyleAccessEnabled(true)
                .build())
        .build();
  }

  private <
          B extends
              AwsClientBuilder<B, ?>
                  & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
      B configure(B builder) {
    builder
        .endpointOverride(sim.endpoint())
        .region(Region.of(sim.region()))
        .credentialsProvider(credentials())
        .httpClient(UrlConnectionHttpClient.builder().build());
    if (retryStrategy != null) {
      builder.overrideConfiguration(
          ClientOverrideConfiguration.builder().retryStrategy(retryStrategy).build());
    }
    return builder;
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create("AKIAFLEETDEPLOYTEST", "test-secret"));
  }
}
