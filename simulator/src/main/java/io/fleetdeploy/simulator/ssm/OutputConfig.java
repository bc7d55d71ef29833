package io.fleetdeploy.simulator.ssm;

import java.util.Map;

/**
 * A command's output options (CloudWatchOutputConfig, OutputS3BucketName, OutputS3KeyPrefix) and
 * the names SSM gives what it writes: the log stream {@code
 * <command>/<instance>/<step>/stdout|stderr} and the object {@code
 * <prefix>/<command>/<instance>/awsrunShellScript/<step>/stdout|stderr}.
 */
record OutputConfig(String logGroup, String bucket, String keyPrefix, String region) {

  static OutputConfig of(Command c) {
    String group = null;
    if (c.echoed.get("CloudWatchOutputConfig") instanceof Map<?, ?> cw
        && Boolean.TRUE.equals(cw.get("CloudWatchOutputEnabled"))) {
      Object name = cw.get("CloudWatchLogGroupName");
      group = name instanceof String s && !s.isEmpty() ? s : "aws/ssm/" + c.documentName;
    }
    String bucket = (String) c.echoed.get("OutputS3BucketName");
    String prefix = (String) c.echoed.get("OutputS3KeyPrefix");
    return new OutputConfig(
        group,
        bucket == null || bucket.isEmpty() ? null : bucket,
        prefix == null ? "" : prefix,
        (String) c.echoed.get("OutputS3Region"));
  }

  boolean toCloudWatch() {
    return logGroup != null;
  }

  boolean toS3() {
    return bucket != null;
  }

  static String logStream(String commandId, String instanceId, String step, String which) {
    return commandId + "/" + instanceId + "/" + step.replace(':', '-') + "/" + which;
  }

  String s3Key(String commandId, String instanceId, String step, String which) {
    String head = keyPrefix.isEmpty() ? "" : keyPrefix.replaceAll("/+$", "") + "/";
    return head + commandId + "/" + instanceId + "/awsrunShellScript/" + step + "/" + which;
  }

  /** The object's address as SSM reports it (path style); empty when not sent to S3. */
  String s3Url(String commandId, String instanceId, String step, String which) {
    if (!toS3()) {
      return "";
    }
    return "https://s3."
        + region
        + ".amazonaws.com/"
        + bucket
        + "/"
        + s3Key(commandId, instanceId, step, which);
  }
}
