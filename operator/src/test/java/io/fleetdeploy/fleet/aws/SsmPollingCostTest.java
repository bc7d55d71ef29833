package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.fleet.HostExecutor.HostCommand;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.HostExecutor.InvocationState;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.simulator.AwsSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What polling one deployment costs in an account where 50 other deployments send commands of the
 * same runner document: the calls grow with the deployment's own commands, not with the others'.
 * The other deployments' commands are never delivered (no host processes), so they stay in flight
 * like those of deployments still rolling.
 */
class SsmPollingCostTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();
  private static final int OTHER_DEPLOYMENTS = 50;
  private static final int BATCHES_EACH = 10;

  @TempDir static Path work;
  private static AwsRevisionStore revisions;
  private static PinnedBundle bundle;

  @BeforeAll
  static void revision() {
    AdapterBundle.createBucket(AWS.simulator());
    revisions = new AwsRevisionStore(AWS.aws());
    bundle = revisions.pin(AdapterBundle.upload(AWS.simulator(), work, "poll"));
  }

  @Test
  void pollingADeploymentCostsCallsPerOwnCommandWhateverOtherDeploymentsSend() throws Exception {
    AwsSimulator sim = AWS.simulator();
    List<String> ours = sim.addInstances(60, Map.of("app", "poll-own"));
    ours.forEach(sim.faults()::neverDeliverCommands);
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    List<String> commands = executor.send(HostRuns.command(revisions, bundle, "d-own", 1), ours);
    assertThat(commands).hasSize(2);
    assertThat(executor.invocations(commands)).hasSize(60);
    Thread.sleep(1_100);
    sendOthers(sim);
    AWS.resetCounters();

    int polls = 3;
    for (int i = 0; i < polls; i++) {
      List<Invocation> now = executor.invocations(commands);
      assertThat(now)
          .hasSize(60)
          .allSatisfy(v -> assertThat(v.state()).isEqualTo(InvocationState.PENDING));
    }

    long ssmCalls = ssmCalls();
    System.out.printf(
        "polling 2 own commands %d times among %d others: %s%n",
        polls, OTHER_DEPLOYMENTS * BATCHES_EACH, AWS.aws().counter().calls());
    // At most two calls per own command and poll, whatever the account holds (before: a page of
    // ListCommands per 50 commands of the runner document sent since the batch started).
    assertThat(ssmCalls).isLessThanOrEqualTo(2L * commands.size() * polls);
    commands.forEach(c -> executor.cancel(c, List.of()));
  }

  @Test
  void aBatchWhoseSendsOtherDeploymentsInterleaveStillCostsAtMostTwoCallsPerCommand() {
    AwsSimulator sim = AWS.simulator();
    List<String> ours = sim.addInstances(2, Map.of("app", "poll-interleaved"));
    ours.forEach(sim.faults()::neverDeliverCommands);
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    HostCommand command = HostRuns.command(revisions, bundle, "d-interleaved", 1);
    List<String> first = executor.send(command, ours.subList(0, 1));
    sendOthers(sim);
    // A refused instance tried again later: the batch's second command, 500 others in between.
    List<String> commands = new java.util.ArrayList<>(first);
    commands.addAll(executor.send(command, ours.subList(1, 2)));
    assertThat(commands).hasSize(2);
    assertThat(executor.invocations(commands)).hasSize(2);
    AWS.resetCounters();

    int polls = 3;
    for (int i = 0; i < polls; i++) {
      assertThat(executor.invocations(commands)).hasSize(2);
    }

    System.out.printf(
        "polling 2 own commands with 500 others between them: %s%n", AWS.aws().counter().calls());
    assertThat(ssmCalls()).isLessThanOrEqualTo(2L * commands.size() * polls);
    commands.forEach(c -> executor.cancel(c, List.of()));
  }

  @Test
  void aRestartedOperatorFindsAStopSentToOneInstanceAmongItsOwnCommandsOnly() throws Exception {
    AwsSimulator sim = AWS.simulator();
    String instance = sim.addInstances(1, Map.of("app", "poll-stop")).get(0);
    sim.faults().neverDeliverCommands(instance);
    // The shape of TerminationKeeper's stop: one instance, sent at most two days ago.
    HostCommand stop =
        new HostCommand(
            "stop-" + instance,
            1,
            AdapterBundle.planJson(revisions, bundle, "stop-" + instance),
            Duration.ofMinutes(2),
            Duration.ofMinutes(15),
            Instant.now().minus(Duration.ofHours(48)));
    SsmHostExecutor before = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    List<String> sent = before.send(stop, List.of(instance));
    sendOthers(sim);

    AwsClients restarted = AWS.newClients(3);
    List<String> found =
        new SsmHostExecutor(restarted, new RunnerDocument(restarted)).send(stop, List.of(instance));

    assertThat(found).isEqualTo(sent);
    Map<String, Long> calls = restarted.counter().calls();
    System.out.println("finding one instance's stop after a restart: " + calls);
    assertThat(calls).doesNotContainKey("Ssm.SendCommand").containsEntry("Ssm.ListCommands", 1L);
    before.cancel(sent.get(0), List.of());
  }

  /** 50 deployments, 10 batches each, of one instance whose agent never picks them up. */
  private static void sendOthers(AwsSimulator sim) {
    AwsClients others = AWS.newClients(10);
    SsmHostExecutor executor = new SsmHostExecutor(others, new RunnerDocument(others));
    List<String> hosts = sim.addInstances(OTHER_DEPLOYMENTS, Map.of("app", "poll-others"));
    hosts.forEach(sim.faults()::neverDeliverCommands);
    for (int d = 0; d < OTHER_DEPLOYMENTS; d++) {
      for (int b = 1; b <= BATCHES_EACH; b++) {
        executor.send(
            HostRuns.command(revisions, bundle, "d-other-" + d, b), List.of(hosts.get(d)));
      }
    }
  }

  private static long ssmCalls() {
    return AWS.aws().counter().calls().entrySet().stream()
        .filter(e -> e.getKey().startsWith("Ssm."))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
