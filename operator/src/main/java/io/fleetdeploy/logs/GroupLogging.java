package io.fleetdeploy.logs;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.LoggingSpec;
import io.fleetdeploy.fleet.HostOutput;
import java.util.Optional;

/** Where a group's spec.logging asks SSM to keep each host's full output. */
public final class GroupLogging {
  private GroupLogging() {}

  /** The log group a group's output goes to when spec.logging names none. */
  public static String defaultLogGroup(String namespace, String group) {
    return "/fleetdeploy/" + namespace + "/" + group;
  }

  public static HostOutput of(DeploymentGroup group) {
    LoggingSpec logging = group.getSpec() == null ? null : group.getSpec().getLogging();
    if (logging == null) {
      return HostOutput.NONE;
    }
    Optional<String> logGroup = Optional.empty();
    if (logging.getCloudWatch() != null
        && Boolean.TRUE.equals(logging.getCloudWatch().getEnabled())) {
      String named = logging.getCloudWatch().getLogGroupName();
      logGroup =
          Optional.of(
              named == null || named.isBlank()
                  ? defaultLogGroup(
                      group.getMetadata().getNamespace(), group.getMetadata().getName())
                  : named);
    }
    Optional<String> bucket = Optional.empty();
    Optional<String> prefix = Optional.empty();
    if (logging.getS3() != null
        && logging.getS3().getBucket() != null
        && !logging.getS3().getBucket().isBlank()) {
      bucket = Optional.of(logging.getS3().getBucket());
      prefix = Optional.ofNullable(logging.getS3().getKeyPrefix()).filter(p -> !p.isBlank());
    }
    return new HostOutput(logGroup, bucket, prefix);
  }
}
