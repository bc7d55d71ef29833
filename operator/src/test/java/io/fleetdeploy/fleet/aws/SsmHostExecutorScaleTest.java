package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.HostExecutor.InvocationState;
import io.fleetdeploy.fleet.PinnedBundle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.Command;

/** 120 instances in one send: chunks of at most 50 ids, and the AWS calls per instance measured. */
class SsmHostExecutorScaleTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();
  private static final int INSTANCES = 120;
  private static final Duration POLL = Duration.ofSeconds(1);

  @TempDir Path work;

  @Test
  void oneHundredTwentyInstancesAreSentInChunksOfFiftyAndReadInAtMostFiveCallsEach() {
    AdapterBundle.createBucket(AWS.simulator());
    AwsRevisionStore revisions = new AwsRevisionStore(AWS.aws());
    PinnedBundle bundle = revisions.pin(AdapterBundle.upload(AWS.simulator(), work, "120"));
    List<String> ids = AWS.simulator().addInstances(INSTANCES, Map.of("app", "scale"));
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    var command = HostRuns.command(revisions, bundle, "d-scale", 1);
    AWS.resetCounters();

    List<String> commands = executor.send(command, ids);
    Map<String, Invocation> done =
        HostRuns.awaitDone(executor, commands, INSTANCES, POLL, Duration.ofMinutes(4));

    Map<String, Long> calls = AWS.aws().counter().calls();
    long simulatorSsmCalls = AWS.simulator().calls().total("ssm");
    long ssmCalls =
        calls.entrySet().stream()
            .filter(e -> e.getKey().startsWith("Ssm."))
            .mapToLong(Map.Entry::getValue)
            .sum();
    System.out.printf(
        "120 instances: %s; %d SSM calls, %.2f per instance%n",
        calls, ssmCalls, ssmCalls / (double) INSTANCES);
    assertThat(done).hasSize(INSTANCES);
    assertThat(done.values())
        .allSatisfy(
            i -> {
              assertThat(i.state()).isEqualTo(InvocationState.SUCCEEDED);
              assertThat(HostRuns.result(i).succeeded()).isTrue();
              assertThat(HostRuns.events(AWS.simulator().instanceRoot(i.instanceId())))
                  .containsExactly("d-scale AfterInstall");
            });
    assertThat(commands).hasSize(3);
    AwsClients inspector = AWS.newClients(3);
    List<Command> sent =
        inspector.ssm().listCommandsPaginator(b -> b.maxResults(50)).commands().stream()
            .filter(c -> commands.contains(c.commandId()))
            .toList();
    assertThat(sent).extracting(c -> c.instanceIds().size()).containsExactlyInAnyOrder(50, 50, 20);
    List<String> covered = new ArrayList<>();
    sent.forEach(c -> covered.addAll(c.instanceIds()));
    assertThat(covered).containsExactlyInAnyOrderElementsOf(ids);
    // Every call the adapter made for this send and its results, against the budget.
    assertThat(calls)
        .containsEntry("Ssm.SendCommand", 3L)
        .doesNotContainKey("Ssm.GetCommandInvocation");
    assertThat(ssmCalls).isLessThanOrEqualTo(5L * INSTANCES);
    assertThat(simulatorSsmCalls).isEqualTo(ssmCalls);

    // Once all are done nothing is asked of SSM again.
    executor.invocations(commands);
    assertThat(AWS.aws().counter().calls()).isEqualTo(calls);
  }
}
