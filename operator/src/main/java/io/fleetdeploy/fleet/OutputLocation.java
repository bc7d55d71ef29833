package io.fleetdeploy.fleet;

import java.util.Optional;

/**
 * Where one host's full output of one command is: a CloudWatch Logs stream, an S3 object, or both.
 */
public record OutputLocation(
    Optional<String> logGroup,
    Optional<String> logStream,
    Optional<String> s3Bucket,
    Optional<String> s3Key) {
  public static final OutputLocation NONE =
      new OutputLocation(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public boolean inCloudWatch() {
    return logGroup.isPresent() && logStream.isPresent();
  }

  public boolean inS3() {
    return s3Bucket.isPresent() && s3Key.isPresent();
  }

  public boolean known() {
    return inCloudWatch() || inS3();
  }
}
