package io.fleetdeploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How long each host took, as the host itself measured it: the host runner keeps every deployment's
 * result (when the runner process started and ended, and its events) in its state directory; the
 * simulator keeps each host's root on disk.
 *
 * <p>{@link #ideal()} is what no controller can beat: for each batch, its slowest host, summed over
 * the batches (the hosts of a batch run side by side, batches one after the other). {@link
 * #hostSpan()} is, for each batch, from its first host starting to its last host ending, summed: it
 * also counts hosts of a batch that could not start at once because the test rig (the simulator
 * running every host on this machine) runs only so many at a time.
 */
final class HostTimings {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One host's run: when its first event started and its last event ended (epoch ms). */
  record HostRun(long start, long end) {
    long millis() {
      return end - start;
    }
  }

  private final Map<Integer, Long> slowestByBatch = new HashMap<>();
  private final Map<Integer, long[]> spanByBatch = new HashMap<>();
  private int hosts;

  static HostTimings read(
      Deployment deployment, String groupUid, Function<String, Path> instanceRoot) {
    String deploymentId = "d-" + deployment.getMetadata().getUid();
    return read(
        deployment,
        id ->
            hostRun(
                instanceRoot
                    .apply(id)
                    .resolve("var/lib/fleetdeploy/groups")
                    .resolve(groupUid)
                    .resolve("results")
                    .resolve(deploymentId + ".json")));
  }

  /** The timings {@code runOf} gives for each instance of the deployment that was in a batch. */
  static HostTimings read(
      Deployment deployment, Function<String, java.util.Optional<HostRun>> runOf) {
    HostTimings timings = new HostTimings();
    for (InstanceStatus instance : io.fleetdeploy.controller.InstanceResults.of(deployment)) {
      if (instance.getBatch() == null) {
        continue;
      }
      runOf.apply(instance.getId()).ifPresent(run -> timings.add(instance.getBatch(), run));
    }
    return timings;
  }

  private static java.util.Optional<HostRun> hostRun(Path result) {
    try {
      JsonNode recorded = JSON.readTree(Files.readString(result));
      if (recorded.hasNonNull("runnerStart") && recorded.hasNonNull("runnerEnd")) {
        return java.util.Optional.of(
            new HostRun(recorded.get("runnerStart").asLong(), recorded.get("runnerEnd").asLong()));
      }
      JsonNode events = recorded.path("events");
      long start = Long.MAX_VALUE;
      long end = Long.MIN_VALUE;
      for (JsonNode event : events) {
        if (event.hasNonNull("start")) {
          start = Math.min(start, event.get("start").asLong());
        }
        if (event.hasNonNull("end")) {
          end = Math.max(end, event.get("end").asLong());
        }
      }
      return start <= end
          ? java.util.Optional.of(new HostRun(start, end))
          : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private void add(int batch, HostRun run) {
    hosts++;
    slowestByBatch.merge(batch, run.millis(), Math::max);
    spanByBatch.merge(
        batch,
        new long[] {run.start(), run.end()},
        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
  }

  /** Hosts whose result was found. */
  int hosts() {
    return hosts;
  }

  /** Seconds: the slowest host of each batch, summed over batches. */
  double ideal() {
    return slowestByBatch.values().stream().mapToLong(Long::longValue).sum() / 1000.0;
  }

  /** Seconds: each batch from its first host's start to its last host's end, summed. */
  double hostSpan() {
    return spanByBatch.values().stream().mapToLong(s -> s[1] - s[0]).sum() / 1000.0;
  }
}
