package io.fleetdeploy.fleet;

import java.util.Optional;

/**
 * Where the service should keep each host's full output of a command, besides what it returns
 * itself (SSM keeps the first 24,000 characters of stdout): a CloudWatch Logs group, an S3 bucket
 * and key prefix, both, or neither.
 */
public record HostOutput(
    Optional<String> cloudWatchLogGroup, Optional<String> s3Bucket, Optional<String> s3KeyPrefix) {
  public static final HostOutput NONE =
      new HostOutput(Optional.empty(), Optional.empty(), Optional.empty());

  public boolean kept() {
    return cloudWatchLogGroup.isPresent() || s3Bucket.isPresent();
  }
}
