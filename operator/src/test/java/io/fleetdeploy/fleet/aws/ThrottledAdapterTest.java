package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.HostExecutor.InvocationState;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.fleet.TagFilter;
import io.fleetdeploy.fleet.TargetSelector;
import io.fleetdeploy.simulator.AwsSimulator;
import io.fleetdeploy.simulator.CallStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * 30 % of the adapter's calls answered with each service's throttling error: the SDK's standard
 * retries (production settings) absorb them, every attempt is counted on both sides.
 */
class ThrottledAdapterTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws(b -> b.seed(2024));
  private static final List<String> ADAPTER_SERVICES = List.of("ec2", "autoscaling", "ssm");

  @TempDir Path work;

  @Test
  void discoverySendAndResultsCompleteThoughThirtyPercentOfCallsAreThrottled() {
    AwsSimulator sim = AWS.simulator();
    AdapterBundle.createBucket(sim);
    AwsRevisionStore revisions = new AwsRevisionStore(AWS.aws());
    PinnedBundle bundle = revisions.pin(AdapterBundle.upload(sim, work, "30"));
    List<String> tagged = sim.addInstances(5, Map.of("app", "throttled"));
    sim.createAutoScalingGroup("throttled-asg", 0, 4, 2, Map.of("app", "throttled-asg"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                sim.instances().stream()
                        .filter(
                            i ->
                                "throttled-asg".equals(i.autoScalingGroup())
                                    && "InService".equals(i.lifecycleState()))
                        .count()
                    == 2);
    AwsFleet fleet = new AwsFleet(AWS.aws());
    AwsLifecycleHooks hooks = new AwsLifecycleHooks(AWS.aws());
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    var command = HostRuns.command(revisions, bundle, "d-throttled", 1);
    // Hosts download the bundle with a plain HTTP client, not the SDK: S3 is left alone. The seed
    // is
    // one whose dice throttle every phase: discovery, the hook, the document and the send.
    sim.faults().seed(122).throttlePercent(30).throttlePercent("s3", "*", 0);
    AWS.resetCounters();
    long started = System.nanoTime();

    List<FleetInstance> targets =
        fleet.findTargets(
            new TargetSelector(
                List.of(TagFilter.keyAndValue("app", "throttled")),
                List.of(),
                List.of("throttled-asg"),
                List.of()));
    hooks.put(
        new LifecycleHooks.Hook(
            "throttled-asg",
            "fleetdeploy-launch",
            LifecycleHooks.Transition.LAUNCHING,
            Duration.ofMinutes(10),
            LifecycleHooks.Result.ABANDON));
    List<String> commands = executor.send(command, tagged);
    Map<String, Invocation> done =
        HostRuns.awaitDone(
            executor, commands, tagged.size(), Duration.ofMillis(500), Duration.ofMinutes(3));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    sim.faults().clear();
    CallStats simulated = sim.calls();
    Map<String, Long> calls = AWS.aws().counter().calls();
    Map<String, Long> throttled = AWS.aws().counter().throttled();
    System.out.printf("30%% throttled: %s attempts, %s throttled, in %s%n", calls, throttled, took);
    assertThat(targets).hasSize(7);
    assertThat(hooks.hooks("throttled-asg"))
        .extracting(LifecycleHooks.Hook::name)
        .containsExactly("fleetdeploy-launch");
    assertThat(done.values())
        .allSatisfy(
            i -> {
              assertThat(i.state()).isEqualTo(InvocationState.SUCCEEDED);
              assertThat(HostRuns.result(i).succeeded()).isTrue();
            });
    long throttledByAdapter = throttled.values().stream().mapToLong(Long::longValue).sum();
    long throttledBySimulator =
        ADAPTER_SERVICES.stream()
            .flatMap(
                s ->
                    simulated.throttledCalls().entrySet().stream()
                        .filter(e -> e.getKey().startsWith(s + ":")))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(throttledByAdapter).isPositive().isEqualTo(throttledBySimulator);
    long attemptsByAdapter = calls.values().stream().mapToLong(Long::longValue).sum();
    long attemptsBySimulator = ADAPTER_SERVICES.stream().mapToLong(simulated::total).sum();
    assertThat(attemptsByAdapter).isEqualTo(attemptsBySimulator).isGreaterThan(throttledByAdapter);
    assertThat(throttled)
        .containsKeys(
            "Ec2.DescribeInstances",
            "AutoScaling.DescribeAutoScalingGroups",
            "AutoScaling.PutLifecycleHook",
            "Ssm.CreateDocument",
            "Ssm.ListCommands",
            "Ssm.SendCommand");
    // A throttled attempt is retried: each throttled call was made once more than it was throttled.
    throttled.forEach((api, count) -> assertThat(calls.get(api)).as(api).isGreaterThan(count));
    assertThat(calls).containsEntry("Ssm.SendCommand", 2L);
  }
}
