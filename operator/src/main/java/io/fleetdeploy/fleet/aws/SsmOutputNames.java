package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.OutputLocation;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where SSM puts a command's output when SendCommand asks for it: the CloudWatch Logs stream {@code
 * <command id>/<instance id>/<step>/stderr} and the S3 object its invocation's {@code
 * StandardErrorUrl} names. The runner writes its full log to stderr (see {@link RunnerDocument}):
 * stdout carries only the result line, which the operator reads from SSM itself.
 */
final class SsmOutputNames {
  private SsmOutputNames() {}

  static String logStream(String commandId, String instanceId, String pluginName) {
    return commandId + "/" + instanceId + "/" + pluginName.replace(':', '-') + "/stderr";
  }

  /** The S3 key of a step's stderr under a key prefix, as SSM writes it for a 2.2 document. */
  static String s3Key(String prefix, String commandId, String instanceId, String step) {
    String head = prefix.isEmpty() ? "" : prefix.replaceAll("/+$", "") + "/";
    return head + commandId + "/" + instanceId + "/awsrunShellScript/" + step + "/stderr";
  }

  /**
   * The location of one invocation's full output, from what the listing reports: the CloudWatch
   * configuration of the command and the S3 address of its stderr.
   */
  static OutputLocation of(
      String commandId,
      String instanceId,
      String pluginName,
      boolean cloudWatchEnabled,
      String logGroup,
      String standardErrorUrl) {
    Optional<String> group =
        cloudWatchEnabled && logGroup != null && !logGroup.isBlank()
            ? Optional.of(logGroup)
            : Optional.empty();
    Optional<String> stream =
        group.isPresent() && pluginName != null
            ? Optional.of(logStream(commandId, instanceId, pluginName))
            : Optional.empty();
    Optional<String[]> s3 = s3Object(standardErrorUrl);
    return new OutputLocation(group, stream, s3.map(o -> o[0]), s3.map(o -> o[1]));
  }

  /**
   * Bucket and key of an S3 address, path style ({@code https://s3.eu-west-1.amazonaws.com/b/k}, as
   * SSM reports them) or virtual-hosted ({@code https://b.s3.eu-west-1.amazonaws.com/k}).
   */
  static Optional<String[]> s3Object(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String host = uri.getHost() == null ? "" : uri.getHost();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    path = path.startsWith("/") ? path.substring(1) : path;
    int s3At = host.indexOf(".s3.");
    if (s3At < 0 && host.indexOf(".s3-") > 0) {
      s3At = host.indexOf(".s3-");
    }
    String bucket;
    String key;
    if (s3At > 0) {
      bucket = host.substring(0, s3At);
      key = path;
    } else {
      int slash = path.indexOf('/');
      if (slash <= 0) {
        return Optional.empty();
      }
      bucket = path.substring(0, slash);
      key = path.substring(slash + 1);
    }
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new String[] {bucket, URLDecoder.decode(key, StandardCharsets.UTF_8)});
  }
}
