package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Where Systems Manager keeps each host's full output (every hook's stdout and stderr), beyond the
 * last 4 KiB that status carries: SSM's own output options of SendCommand.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoggingSpec {

  @JsonPropertyDescription(
      "Send each host's full output to CloudWatch Logs (SSM's CloudWatchOutputConfig). Instances"
          + " need logs:CreateLogGroup, logs:CreateLogStream, logs:DescribeLogGroups,"
          + " logs:DescribeLogStreams and logs:PutLogEvents in their instance profile.")
  private CloudWatchLogging cloudWatch;

  @JsonPropertyDescription(
      "Send each host's full output to S3 (SSM's OutputS3BucketName and OutputS3KeyPrefix)."
          + " Instances need s3:PutObject on the bucket in their instance profile.")
  private S3Logging s3;

  public CloudWatchLogging getCloudWatch() {
    return cloudWatch;
  }

  public void setCloudWatch(CloudWatchLogging cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  public S3Logging getS3() {
    return s3;
  }

  public void setS3(S3Logging s3) {
    this.s3 = s3;
  }
}
