package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.fleet.HostExecutor.HostCommand;
import io.fleetdeploy.fleet.PinnedBundle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica takes over a group whose batch another replica marked and sent while this one was
 * already running (sharding: the group's shard was removed). Its executor must find that send
 * instead of trusting that everything sent since it started was its own.
 */
class SsmTakeoverTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();

  @TempDir Path work;

  @Test
  void aBatchAnotherReplicaSentAfterThisOneStartedIsFoundNotSentTwice() throws Exception {
    AdapterBundle.createBucket(AWS.simulator());
    AwsRevisionStore revisions = new AwsRevisionStore(AWS.aws());
    PinnedBundle bundle = revisions.pin(AdapterBundle.upload(AWS.simulator(), work, "takeover"));
    List<String> ids = AWS.simulator().addInstances(2, Map.of("app", "takeover"));
    ids.forEach(AWS.simulator().faults()::neverDeliverCommands);
    AwsClients mine = AWS.newClients(3);
    SsmHostExecutor taker = new SsmHostExecutor(mine, new RunnerDocument(mine));
    // The taking replica has been polling its own deployments for a while.
    taker.invocations(List.of());
    Thread.sleep(1_100);

    HostCommand command = HostRuns.command(revisions, bundle, "d-taken", 2);
    SsmHostExecutor previousOwner = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    List<String> sent = previousOwner.sendMarkedHere(command, ids);

    List<String> found = taker.send(command, ids);

    assertThat(found).isEqualTo(sent);
    assertThat(mine.counter().calls()).doesNotContainKey("Ssm.SendCommand");
    // Known from now on: asking again costs nothing.
    long lookups = mine.counter().calls().getOrDefault("Ssm.ListCommands", 0L);
    assertThat(taker.send(command, ids)).isEqualTo(sent);
    assertThat(mine.counter().calls().getOrDefault("Ssm.ListCommands", 0L)).isEqualTo(lookups);
    sent.forEach(c -> previousOwner.cancel(c, List.of()));
  }
}
