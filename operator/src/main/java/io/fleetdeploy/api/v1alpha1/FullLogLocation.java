package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/**
 * Where the full output of a host's run is kept (spec.logging of the group): read with {@code
 * kubectl fleetdeploy logs}, the dashboard, or the AWS console.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FullLogLocation {

  @JsonPropertyDescription("CloudWatch Logs group holding the output.")
  @Size(max = 512)
  private String logGroupName;

  @JsonPropertyDescription("CloudWatch Logs stream of this host's run.")
  @Size(max = 512)
  private String logStreamName;

  @JsonPropertyDescription("S3 bucket holding the output.")
  @Size(max = 63)
  private String s3Bucket;

  @JsonPropertyDescription("S3 key of this host's run's output.")
  @Size(max = 1024)
  private String s3Key;

  public String getLogGroupName() {
    return logGroupName;
  }

  public void setLogGroupName(String logGroupName) {
    this.logGroupName = logGroupName;
  }

  public String getLogStreamName() {
    return logStreamName;
  }

  public void setLogStreamName(String logStreamName) {
    this.logStreamName = logStreamName;
  }

  public String getS3Bucket() {
    return s3Bucket;
  }

  public void setS3Bucket(String s3Bucket) {
    this.s3Bucket = s3Bucket;
  }

  public String getS3Key() {
    return s3Key;
  }

  public void setS3Key(String s3Key) {
    this.s3Key = s3Key;
  }
}
