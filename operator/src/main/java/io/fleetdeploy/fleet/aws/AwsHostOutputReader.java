package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.HostOutput;
import io.fleetdeploy.fleet.HostOutputReader;
import io.fleetdeploy.fleet.OutputLocation;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;

/**
 * Reads a host's full output with CloudWatch Logs GetLogEvents (from the head of the stream, page
 * by page) or S3 GetObject, with the credentials of the clients given: the operator's role in the
 * operator, the user's own in the kubectl plugin.
 */
public final class AwsHostOutputReader implements HostOutputReader {
  /** More than any hook log worth reading in a terminal; the rest stays in CloudWatch or S3. */
  static final int MAX_CHARS = 16 * 1024 * 1024;

  private final AwsClients aws;

  public AwsHostOutputReader(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public String read(OutputLocation location) {
    if (location.inCloudWatch()) {
      return fromCloudWatch(location.logGroup().get(), location.logStream().get());
    }
    if (location.inS3()) {
      return fromS3(location.s3Bucket().get(), location.s3Key().get());
    }
    throw new FleetException(
        FleetError.INVALID_REQUEST, "the output was not sent to CloudWatch Logs or S3");
  }

  @Override
  public OutputLocation locate(HostOutput output, String commandId, String instanceId) {
    java.util.Optional<String> stream =
        output
            .cloudWatchLogGroup()
            .map(g -> SsmOutputNames.logStream(commandId, instanceId, RunnerDocument.STEP));
    java.util.Optional<String> key =
        output
            .s3Bucket()
            .map(
                b ->
                    SsmOutputNames.s3Key(
                        output.s3KeyPrefix().orElse(""),
                        commandId,
                        instanceId,
                        RunnerDocument.STEP));
    return new OutputLocation(output.cloudWatchLogGroup(), stream, output.s3Bucket(), key);
  }

  private String fromCloudWatch(String group, String stream) {
    StringBuilder out = new StringBuilder();
    String token = null;
    while (out.length() < MAX_CHARS) {
      String from = token;
      GetLogEventsResponse page =
          AwsErrors.call(
              "CloudWatch Logs GetLogEvents " + group + " " + stream,
              () ->
                  aws.logs()
                      .getLogEvents(
                          b -> {
                            b.logGroupName(group).logStreamName(stream).startFromHead(true);
                            if (from != null) {
                              b.nextToken(from);
                            }
                          }));
      for (OutputLogEvent event : page.events()) {
        out.append(event.message());
        if (!event.message().endsWith("\n")) {
          out.append('\n');
        }
      }
      // The last page answers with the token it was given (or an empty page).
      if (page.events().isEmpty()
          || page.nextForwardToken() == null
          || page.nextForwardToken().equals(from)) {
        break;
      }
      token = page.nextForwardToken();
    }
    return out.toString();
  }

  private String fromS3(String bucket, String key) {
    byte[] bytes =
        AwsErrors.call(
            "S3 GetObject s3://" + bucket + "/" + key,
            () -> aws.s3().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
