package io.fleetdeploy.simulator.ssm;

import java.time.Instant;
import java.util.List;

/**
 * Where the simulated SSM agent sends a command's output when SendCommand asks for it: CloudWatch
 * Logs and S3 of the same simulator.
 */
public interface CommandOutputSink {
  /** Appends lines to a stream, creating the group and the stream when missing, as the agent. */
  void appendLog(String group, String stream, List<String> lines, Instant at);

  /** Puts an object; false when the bucket does not exist (the agent then uploads nothing). */
  boolean putObject(String bucket, String key, byte[] data, Instant at);

  CommandOutputSink NONE =
      new CommandOutputSink() {
        @Override
        public void appendLog(String group, String stream, List<String> lines, Instant at) {}

        @Override
        public boolean putObject(String bucket, String key, byte[] data, Instant at) {
          return false;
        }
      };
}
