package io.fleetdeploy.fleet.aws;

import static org.awaitility.Awaitility.await;

import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.hostplan.HostRunOutcome;
import io.fleetdeploy.hostplan.HostRunResult;
import io.fleetdeploy.hostplan.HostRunResultParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Sending the adapter bundle's plan and waiting for its results, as the rollout driver does. */
final class HostRuns {
  private HostRuns() {}

  static HostExecutor.HostCommand command(
      AwsRevisionStore revisions, PinnedBundle bundle, String deploymentId, int batch) {
    return new HostExecutor.HostCommand(
        deploymentId,
        batch,
        AdapterBundle.planJson(revisions, bundle, deploymentId),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        Instant.now());
  }

  /**
   * Polls the executor every {@code interval} until every expected instance's invocation is done.
   */
  static Map<String, Invocation> awaitDone(
      HostExecutor executor,
      Collection<String> commandIds,
      int instances,
      Duration interval,
      Duration atMost) {
    List<Invocation> done =
        await()
            .atMost(atMost)
            .pollInterval(interval)
            .pollDelay(interval)
            .until(
                () -> executor.invocations(commandIds),
                all -> all.size() == instances && all.stream().allMatch(i -> i.state().done()));
    return done.stream().collect(Collectors.toMap(Invocation::instanceId, Function.identity()));
  }

  static HostRunResult result(Invocation invocation) {
    HostRunOutcome outcome = HostRunResultParser.parse(invocation.stdout());
    if (outcome instanceof HostRunOutcome.Reported reported) {
      return reported.result();
    }
    throw new AssertionError(
        invocation.instanceId()
            + ": "
            + ((HostRunOutcome.NoResultLine) outcome).reason()
            + "\nstderr: "
            + invocation.stderr());
  }

  /** Lines the bundle's AfterInstall hook left on the host: one per deployment that ran there. */
  static List<String> events(Path root) {
    Path log = root.resolve(AdapterBundle.EVENTS_LOG);
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
