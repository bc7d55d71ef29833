package io.fleetdeploy.fleet.aws;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients of one operator, sharing one lightweight HTTP client, the region, the endpoint
 * override, the retry strategy (the SDK's standard backoff with jitter for throttling and transient
 * errors) and the call counter.
 */
public final class AwsClients implements AutoCloseable {
  private final String region;
  private final SdkHttpClient http;
  private final AwsCallCounter counter = new AwsCallCounter();
  private final Ec2Client ec2;
  private final AutoScalingClient autoScaling;
  private final SsmClient ssm;
  private final S3Client s3;
  private final ElasticLoadBalancingV2Client elbv2;
  private final ElasticLoadBalancingClient elb;
  private final CloudWatchClient cloudWatch;
  private final S3Presigner presigner;
  private final CloudWatchLogsClient logs;
  private final SnsClient sns;

  public AwsClients(AwsSettings settings) {
    this.region = settings.region();
    http =
        UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60))
            .build();
    RetryStrategy retry =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(settings.maxAttempts())
            .build();
    ClientOverrideConfiguration override =
        ClientOverrideConfiguration.builder()
            .retryStrategy(retry)
            .addExecutionInterceptor(counter)
            .build();
    Region sdkRegion = Region.of(settings.region());
    ec2 = configure(Ec2Client.builder(), settings, sdkRegion, override).build();
    autoScaling = configure(AutoScalingClient.builder(), settings, sdkRegion, override).build();
    ssm = configure(SsmClient.builder(), settings, sdkRegion, override).build();
    logs = configure(CloudWatchLogsClient.builder(), settings, sdkRegion, override).build();
    elbv2 =
        configure(ElasticLoadBalancingV2Client.builder(), settings, sdkRegion, override).build();
    elb = configure(ElasticLoadBalancingClient.builder(), settings, sdkRegion, override).build();
    cloudWatch = configure(CloudWatchClient.builder(), settings, sdkRegion, override).build();
    sns = configure(SnsClient.builder(), settings, sdkRegion, override).build();
    boolean pathStyle = settings.endpoint().isPresent();
    s3 =
        configure(S3Client.builder(), settings, sdkRegion, override)
            .forcePathStyle(pathStyle)
            // Checksums only where S3 requires them: no aws-chunked trailers to surprise stand-ins.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .build();
    S3Presigner.Builder presignerBuilder =
        S3Presigner.builder()
            .region(sdkRegion)
            .credentialsProvider(settings.credentials())
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
    settings.endpoint().ifPresent(presignerBuilder::endpointOverride);
    presigner = presignerBuilder.build();
  }

  private <
          B extends
              software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>
                  & software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<B, ?>>
      B configure(
          B builder, AwsSettings settings, Region region, ClientOverrideConfiguration override) {
    builder
        .region(region)
        .credentialsProvider(settings.credentials())
        .overrideConfiguration(override)
        .httpClient(http);
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }

  /** The region every client talks to, for messages. */
  public String region() {
    return region;
  }

  public Ec2Client ec2() {
    return ec2;
  }

  public AutoScalingClient autoScaling() {
    return autoScaling;
  }

  public SsmClient ssm() {
    return ssm;
  }

  public SnsClient sns() {
    return sns;
  }

  public S3Client s3() {
    return s3;
  }

  /** CloudWatch Logs: reads the hosts' full output (spec.logging). */
  public CloudWatchLogsClient logs() {
    return logs;
  }

  public ElasticLoadBalancingV2Client elbv2() {
    return elbv2;
  }

  /** Classic Load Balancers (Elastic Load Balancing API version 2012-06-01). */
  public ElasticLoadBalancingClient elb() {
    return elb;
  }

  public CloudWatchClient cloudWatch() {
    return cloudWatch;
  }

  public S3Presigner presigner() {
    return presigner;
  }

  public AwsCallCounter counter() {
    return counter;
  }

  @Override
  public void close() {
    ec2.close();
    autoScaling.close();
    ssm.close();
    sns.close();
    s3.close();
    logs.close();
    elbv2.close();
    elb.close();
    cloudWatch.close();
    presigner.close();
    http.close();
  }
}
