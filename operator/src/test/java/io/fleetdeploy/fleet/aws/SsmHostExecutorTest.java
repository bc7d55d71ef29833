package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.HostExecutor.HostCommand;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.HostExecutor.InvocationState;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.hostplan.EventResult;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostRunOutcome;
import io.fleetdeploy.hostplan.HostRunResult;
import io.fleetdeploy.hostplan.HostRunResultParser;
import io.fleetdeploy.simulator.AwsSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentType;

/**
 * Host plans through SSM Run Command with fleetdeploy's runner document: real runner processes on
 * simulated hosts, results parsed, sends found again after a restart.
 */
class SsmHostExecutorTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RUN_TIME = Duration.ofSeconds(90);

  @TempDir static Path work;
  private static AwsRevisionStore revisions;
  private static PinnedBundle bundle;

  private AwsSimulator sim;

  @BeforeAll
  static void revision() {
    AdapterBundle.createBucket(AWS.simulator());
    revisions = new AwsRevisionStore(AWS.aws());
    bundle = revisions.pin(AdapterBundle.upload(AWS.simulator(), work, "7"));
  }

  @BeforeEach
  void setUp() {
    sim = AWS.simulator();
  }

  @AfterEach
  void clearFaults() {
    sim.faults().clear();
  }

  @Test
  void aBatchMarkedByThisProcessCostsNoLookupAndARepeatedSendNothing() throws Exception {
    List<String> ids = sim.addInstances(2, Map.of("app", "exec-own"));
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    var command = HostRuns.command(revisions, bundle, "d-own", 1);
    AWS.resetCounters();

    List<String> first = executor.sendMarkedHere(command, ids);
    // A reconcile on a stale copy decides the same batch again: nothing is sent twice.
    List<String> again = executor.send(command, ids);

    assertThat(again).isEqualTo(first);
    assertThat(AWS.aws().counter().calls())
        .containsEntry("Ssm.SendCommand", 1L)
        .doesNotContainKey("Ssm.ListCommands");
    HostRuns.awaitDone(executor, first, 2, POLL, RUN_TIME);
  }

  @Test
  void aPlanRunsOnThreeInstancesAndAFailedHostsWholeResultIsReadThoughTheListingCutIt()
      throws IOException {
    List<String> ids = sim.addInstances(3, Map.of("app", "exec-three"));
    String broken = ids.get(1);
    Path marker = sim.instanceRoot(broken).resolve(AdapterBundle.BROKEN_MARKER);
    Files.createDirectories(marker.getParent());
    Files.writeString(marker, "port 8080 refused connections");
    RunnerDocument document = new RunnerDocument(AWS.aws());
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), document);
    HostCommand command = HostRuns.command(revisions, bundle, "d-three", 1);
    AWS.resetCounters();

    List<String> commands = executor.send(command, ids);
    Map<String, Invocation> done = HostRuns.awaitDone(executor, commands, 3, POLL, RUN_TIME);
    Map<String, Long> calls = AWS.aws().counter().calls();

    assertThat(commands).hasSize(1);
    for (String ok : List.of(ids.get(0), ids.get(2))) {
      assertThat(done.get(ok).state()).isEqualTo(InvocationState.SUCCEEDED);
      HostRunResult result = HostRuns.result(done.get(ok));
      assertThat(result.succeeded()).isTrue();
      assertThat(result.deploymentId()).isEqualTo("d-three");
      assertThat(result.events())
          .extracting(EventResult::name)
          .contains("DownloadBundle", "Install", "ValidateService");
      assertThat(Files.readString(sim.instanceRoot(ok).resolve("opt/adapter-app/VERSION")))
          .isEqualTo("7\n");
    }
    Invocation failed = done.get(broken);
    assertThat(failed.state()).isEqualTo(InvocationState.FAILED);
    HostRunResult result = HostRuns.result(failed);
    assertThat(result.succeeded()).isFalse();
    EventResult validate = result.failedEvent().orElseThrow();
    assertThat(validate.name()).isEqualTo("ValidateService");
    assertThat(validate.status()).isEqualTo(EventStatus.Failed);
    assertThat(validate.errorCode()).contains("ScriptFailed");
    assertThat(validate.scriptName()).contains("scripts/check.sh");
    assertThat(validate.logTail().orElseThrow())
        .contains("diagnostic line 60", "port 8080 refused connections");
    // Only the host whose result the listing cut was read whole.
    assertThat(calls)
        .containsEntry("Ssm.SendCommand", 1L)
        .containsEntry("Ssm.GetCommandInvocation", 1L);

    CommandInvocation listed =
        AWS.aws()
            .ssm()
            .listCommandInvocations(
                b -> b.commandId(commands.get(0)).instanceId(broken).details(true))
            .commandInvocations()
            .get(0);
    String listedOutput = listed.commandPlugins().get(0).output();
    assertThat(listedOutput.length()).isLessThanOrEqualTo(2_500);
    String listedStdout = listedOutput.split(SsmHostExecutor.ERROR_SEPARATOR, 2)[0];
    assertThat(HostRunResultParser.parse(listedStdout))
        .isInstanceOf(HostRunOutcome.NoResultLine.class);
  }

  @Test
  void theRunnerDocumentIsNamedByItsContentCreatedOnceAndLeavesRoomForThePlan() throws Exception {
    byte[] runner =
        ("# a runner of this test only: " + UUID.randomUUID() + "\n")
            .getBytes(StandardCharsets.UTF_8);
    RunnerDocument first = new RunnerDocument(AWS.aws(), runner);
    long createdBefore = sim.calls().count("ssm", "CreateDocument");

    first.ensure();
    first.ensure();
    AwsClients restarted = AWS.newClients(10);
    RunnerDocument again = new RunnerDocument(restarted, runner);
    again.ensure();

    assertThat(sim.calls().count("ssm", "CreateDocument") - createdBefore).isEqualTo(1);
    assertThat(restarted.counter().calls()).containsOnlyKeys("Ssm.DescribeDocument");
    assertThat(again.name())
        .isEqualTo(first.name())
        .isEqualTo(RunnerDocument.NAME_PREFIX + sha256(first.content()).substring(0, 16))
        .isNotEqualTo(new RunnerDocument(AWS.aws()).name());
    DocumentDescription described =
        AWS.aws().ssm().describeDocument(b -> b.name(first.name())).document();
    assertThat(described.documentType()).isEqualTo(DocumentType.COMMAND);
    assertThat(described.parameters())
        .extracting(p -> p.name())
        .containsExactlyInAnyOrder(RunnerDocument.PLAN, RunnerDocument.EXECUTION_TIMEOUT);
    ObjectMapper json = new ObjectMapper();
    String stored = AWS.aws().ssm().getDocument(b -> b.name(first.name())).content();
    assertThat(json.readTree(stored)).isEqualTo(json.readTree(first.content()));

    // The production document with this test's real plan: far below SSM's 64 KB.
    RunnerDocument production = new RunnerDocument(AWS.aws());
    int plan = base64(HostRuns.command(revisions, bundle, "d-size", 1).planJson()).length();
    assertThat(production.content().getBytes(StandardCharsets.UTF_8).length + plan)
        .isLessThan(RunnerDocument.MAX_DOCUMENT_AND_PARAMETERS_BYTES);
    assertThat(plan).isLessThan(production.planCapacity());
  }

  @Test
  void aPlanThatFitsIsSentAndOneTooBigForSsmIsRefusedBeforeAnythingIsSent() {
    String id = sim.addInstances(1, Map.of("app", "exec-size")).get(0);
    sim.faults().neverDeliverCommands(id);
    RunnerDocument document = new RunnerDocument(AWS.aws());
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), document);
    int capacity = document.planCapacity();
    // base64 makes 4 characters of every 3 bytes
    String fits = planOfBase64Length(capacity - capacity % 4);
    String tooBig = planOfBase64Length(capacity - capacity % 4 + 4);

    assertThat(
            executor.send(
                new HostCommand(
                    "d-fits",
                    1,
                    fits,
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(10),
                    Instant.now()),
                List.of(id)))
        .hasSize(1);
    long sends = sim.calls().count("ssm", "SendCommand");
    assertThatThrownBy(
            () ->
                executor.send(
                    new HostCommand(
                        "d-too-big",
                        1,
                        tooBig,
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(10),
                        Instant.now()),
                    List.of(id)))
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.error()).isEqualTo(FleetError.INVALID_REQUEST))
        .hasMessageContaining("d-too-big")
        .hasMessageContaining("64 KB");
    assertThat(sim.calls().count("ssm", "SendCommand")).isEqualTo(sends);
  }

  @Test
  void aRestartedOperatorFindsItsSendsByCommentAndSendsNothingTwice() {
    List<String> ids = sim.addInstances(3, Map.of("app", "exec-restart"));
    SsmHostExecutor before = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    HostCommand command = HostRuns.command(revisions, bundle, "d-restart", 1);
    long sendsBefore = sim.calls().count("ssm", "SendCommand");
    List<String> sent = before.send(command, ids);

    AwsClients restartedClients = AWS.newClients(10);
    SsmHostExecutor after =
        new SsmHostExecutor(restartedClients, new RunnerDocument(restartedClients));
    List<String> found = after.send(command, ids);

    assertThat(found).isEqualTo(sent);
    assertThat(restartedClients.counter().calls()).doesNotContainKey("Ssm.SendCommand");
    assertThat(sim.calls().count("ssm", "SendCommand") - sendsBefore).isEqualTo(1);
    Map<String, Invocation> done = HostRuns.awaitDone(after, found, 3, POLL, RUN_TIME);
    assertThat(done.values())
        .allSatisfy(i -> assertThat(i.state()).isEqualTo(InvocationState.SUCCEEDED));
    for (String id : ids) {
      assertThat(HostRuns.events(sim.instanceRoot(id))).containsExactly("d-restart AfterInstall");
    }
    // The next batch of the same deployment is a send of its own.
    List<String> batchTwo =
        after.send(HostRuns.command(revisions, bundle, "d-restart", 2), ids.subList(0, 1));
    assertThat(batchTwo).hasSize(1).doesNotContainAnyElementsOf(sent);
    HostRuns.awaitDone(after, batchTwo, 1, POLL, RUN_TIME);
  }

  @Test
  void eachPartOfABatchSentInPartsIsFoundAgainByItsOwnComment() {
    List<String> ids = sim.addInstances(1, Map.of("app", "exec-parts"));
    SsmHostExecutor before = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));
    HostCommand whole = HostRuns.command(revisions, bundle, "d-parts", 4);
    List<String> partOne = before.send(part(whole, 1), ids);

    AwsClients restartedClients = AWS.newClients(10);
    SsmHostExecutor after =
        new SsmHostExecutor(restartedClients, new RunnerDocument(restartedClients));
    // Part 1 again: found by its comment, not sent. Part 2: a send of its own.
    assertThat(after.send(part(whole, 1), ids)).isEqualTo(partOne);
    assertThat(restartedClients.counter().calls()).doesNotContainKey("Ssm.SendCommand");
    List<String> partTwo = after.send(part(whole, 2), ids);
    assertThat(partTwo).hasSize(1).doesNotContainAnyElementsOf(partOne);
    assertThat(after.sentEarlier("d-parts", 4, 2, whole.batchStart())).isEqualTo(partTwo);
    assertThat(after.sentEarlier("d-parts", 4, 3, whole.batchStart())).isEmpty();
    assertThat(after.sentEarlier("d-parts", 4, whole.batchStart())).isEmpty();
    assertThat(commandsOf("d-parts").stream().map(Command::comment).toList())
        .containsExactlyInAnyOrder("fleetdeploy d-parts b4p1 c0", "fleetdeploy d-parts b4p2 c0");
    HostRuns.awaitDone(after, partTwo, 1, POLL, RUN_TIME);
  }

  private static HostCommand part(HostCommand whole, int part) {
    return new HostCommand(
        whole.deploymentId(),
        whole.batch(),
        whole.planJson(),
        whole.deliveryTimeout(),
        whole.executionTimeout(),
        whole.batchStart(),
        whole.output(),
        part);
  }

  @Test
  void afterACrashBetweenChunksOnlyTheChunksNotSentAreSent() {
    List<String> ids = sim.addInstances(70, Map.of("app", "exec-chunks"));
    ids.forEach(sim.faults()::neverDeliverCommands);
    HostCommand command =
        new HostCommand(
            "d-chunks",
            3,
            HostRuns.command(revisions, bundle, "d-chunks", 3).planJson(),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Instant.now());
    // One attempt per call, and SendCommand throttled by dice that let the first call through and
    // stop the second: an operator that dies with one of its two chunks sent. The chunks go out
    // side by side, so either may be the one that made it.
    AwsClients impatient = AWS.newClients(1);
    SsmHostExecutor crashing = new SsmHostExecutor(impatient, new RunnerDocument(impatient));
    sim.faults().throttlePercent("ssm", "SendCommand", 50).seed(seedPassingThenFailing(50));
    assertThatThrownBy(() -> crashing.send(command, ids))
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.error()).isEqualTo(FleetError.THROTTLED));
    sim.faults().throttlePercent("ssm", "SendCommand", 0);
    List<Command> beforeRestart = commandsOf("d-chunks");
    assertThat(beforeRestart).hasSize(1);
    Command sentBefore = beforeRestart.get(0);
    boolean firstChunkSent = sentBefore.comment().equals("fleetdeploy d-chunks b3 c0");
    assertThat(sentBefore.comment())
        .isIn("fleetdeploy d-chunks b3 c0", "fleetdeploy d-chunks b3 c1");
    assertThat(sentBefore.instanceIds())
        .isEqualTo(firstChunkSent ? ids.subList(0, 50) : ids.subList(50, 70));

    AwsClients restartedClients = AWS.newClients(10);
    List<String> commands =
        new SsmHostExecutor(restartedClients, new RunnerDocument(restartedClients))
            .send(command, ids);

    // Only the chunk not sent is sent, numbered after the highest one sent before (c1 after c0,
    // c2 after c1).
    assertThat(restartedClients.counter().calls()).containsEntry("Ssm.SendCommand", 1L);
    List<Command> all = commandsOf("d-chunks");
    assertThat(all).hasSize(2);
    Command sentAfter =
        all.stream()
            .filter(c -> !c.commandId().equals(sentBefore.commandId()))
            .findFirst()
            .orElseThrow();
    assertThat(sentAfter.comment())
        .isEqualTo(firstChunkSent ? "fleetdeploy d-chunks b3 c1" : "fleetdeploy d-chunks b3 c2");
    assertThat(sentAfter.instanceIds())
        .isEqualTo(firstChunkSent ? ids.subList(50, 70) : ids.subList(0, 50));
    assertThat(commands).containsExactly(sentBefore.commandId(), sentAfter.commandId());
    List<String> covered = new ArrayList<>();
    all.forEach(c -> covered.addAll(c.instanceIds()));
    assertThat(covered).hasSize(70).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(all).allSatisfy(c -> assertThat(c.instanceIds()).hasSizeLessThanOrEqualTo(50));
    SsmHostExecutor cleanup =
        new SsmHostExecutor(restartedClients, new RunnerDocument(restartedClients));
    commands.forEach(c -> cleanup.cancel(c, List.of()));
  }

  @Test
  void anInstanceSsmRefusesIsReportedRefusedAndTheOthersAreStillSent() {
    List<String> ids = sim.addInstances(2, Map.of("app", "exec-refused"));
    ids.forEach(sim.faults()::neverDeliverCommands);
    String unknown = "i-0123456789abcdef0";
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));

    List<String> commands =
        executor.send(
            HostRuns.command(revisions, bundle, "d-refused", 1),
            List.of(ids.get(0), unknown, ids.get(1)));

    List<Invocation> invocations = executor.invocations(commands);
    assertThat(invocations)
        .extracting(Invocation::instanceId)
        .containsExactlyInAnyOrder(ids.get(0), unknown, ids.get(1));
    Invocation refused =
        invocations.stream().filter(i -> i.instanceId().equals(unknown)).findFirst().orElseThrow();
    assertThat(refused.state()).isEqualTo(InvocationState.REFUSED);
    assertThat(refused.detail()).contains("InvalidInstanceId");
    assertThat(invocations)
        .filteredOn(i -> !i.instanceId().equals(unknown))
        .allSatisfy(i -> assertThat(i.state()).isEqualTo(InvocationState.PENDING));
    commands.forEach(c -> executor.cancel(c, List.of()));
  }

  @Test
  void sendsAnEarlierOperatorVersionMadeUnderItsOwnRunnerDocumentAreFoundAfterAnUpgrade() {
    List<String> ids = sim.addInstances(2, Map.of("app", "exec-upgrade"));
    ids.forEach(sim.faults()::neverDeliverCommands);
    RunnerDocument current = new RunnerDocument(AWS.aws());
    // The earlier version's runner had another document (its name carries its content's digest).
    String oldName = RunnerDocument.NAME_PREFIX + "0123456789abcdef";
    AWS.aws()
        .ssm()
        .createDocument(
            b -> b.name(oldName).documentType(DocumentType.COMMAND).content(current.content()));
    Command old =
        AWS.aws()
            .ssm()
            .sendCommand(
                b ->
                    b.documentName(oldName)
                        .instanceIds(ids)
                        .comment(SsmHostExecutor.comment("d-upgrade", 1, 0))
                        .parameters(
                            Map.of(
                                RunnerDocument.PLAN,
                                List.of("e30="),
                                RunnerDocument.EXECUTION_TIMEOUT,
                                List.of("600"))))
            .command();
    long sendsBefore = sim.calls().count("ssm", "SendCommand");

    SsmHostExecutor upgraded = new SsmHostExecutor(AWS.aws(), current);
    HostCommand command =
        new HostCommand(
            "d-upgrade",
            1,
            AdapterBundle.planJson(revisions, bundle, "d-upgrade"),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Instant.now().minusSeconds(120));
    List<String> found = upgraded.send(command, ids);

    assertThat(found).containsExactly(old.commandId());
    assertThat(sim.calls().count("ssm", "SendCommand")).isEqualTo(sendsBefore);
    assertThat(upgraded.sentEarlier("d-upgrade", 1, Instant.now().minusSeconds(120)))
        .containsExactly(old.commandId());
    upgraded.cancel(old.commandId(), List.of());
  }

  private List<Command> commandsOf(String deploymentId) {
    return AWS.aws().ssm().listCommandsPaginator(b -> b.maxResults(50)).commands().stream()
        .filter(c -> c.comment().startsWith("fleetdeploy " + deploymentId + " "))
        .toList();
  }

  /**
   * A seed whose first roll of the simulator's dice passes a throttle of {@code percent} and whose
   * second does not.
   */
  private static long seedPassingThenFailing(int percent) {
    for (long seed = 1; ; seed++) {
      Random dice = new Random(seed);
      if (dice.nextInt(100) >= percent && dice.nextInt(100) < percent) {
        return seed;
      }
    }
  }

  /** A JSON document whose base64 form is exactly {@code length} characters (a multiple of 4). */
  private static String planOfBase64Length(int length) {
    int bytes = length / 4 * 3;
    String prefix = "{\"pad\":\"";
    String suffix = "\"}";
    return prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
