package io.fleetdeploy.simulator;

import static io.fleetdeploy.simulator.SsmTestSupport.awaitInvocation;
import static io.fleetdeploy.simulator.SsmTestSupport.runShell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** AWS-RunShellScript really running per instance, statuses, limits and listings. */
class SsmRunCommandTest {
  private static AwsSimulator sim;
  private static SsmClient ssm;
  private static List<String> web;

  @BeforeAll
  static void start() {
    sim = AwsSimulator.builder().build().start();
    ssm = SdkClients.of(sim).ssm();
    web = sim.addInstances(60, Map.of("app", "web"));
  }

  @AfterAll
  static void stop() {
    ssm.close();
    sim.close();
  }

  @Test
  void runShellScriptRunsOnEachInstanceInItsRoot() throws Exception {
    List<String> three = web.subList(0, 3);
    String commandId =
        runShell(
            ssm,
            three,
            "echo \"$FD_SIM_INSTANCE_ID\" > who.txt",
            "echo cwd=$(pwd)",
            "echo root=$FD_SIM_ROOT",
            "echo ssm=$AWS_SSM_INSTANCE_ID region=$AWS_SSM_REGION_NAME",
            "echo to-stderr >&2");
    for (String id : three) {
      GetCommandInvocationResponse inv = awaitInvocation(ssm, commandId, id);
      Path root = sim.instanceRoot(id).toAbsolutePath();
      assertThat(inv.statusAsString()).isEqualTo("Success");
      assertThat(inv.statusDetails()).isEqualTo("Success");
      assertThat(inv.responseCode()).isZero();
      assertThat(inv.pluginName()).isEqualTo("aws:runShellScript");
      assertThat(inv.standardOutputContent())
          .contains("cwd=" + root, "root=" + root, "ssm=" + id + " region=eu-west-1");
      assertThat(inv.standardErrorContent()).isEqualTo("to-stderr\n");
      assertThat(inv.executionStartDateTime()).isNotBlank();
      assertThat(inv.executionElapsedTime()).startsWith("PT");
      assertThat(Files.readString(root.resolve("who.txt"))).isEqualTo(id + "\n");
    }
    Command command = ssm.listCommands(b -> b.commandId(commandId)).commands().get(0);
    assertThat(command.statusAsString()).isEqualTo("Success");
    assertThat(command.targetCount()).isEqualTo(3);
    assertThat(command.completedCount()).isEqualTo(3);
    assertThat(command.errorCount()).isZero();
    assertThat(command.instanceIds()).containsExactlyElementsOf(three);
  }

  @Test
  void hostPathDirectoriesComeFirstOnThePathOfEveryCommand(@TempDir Path bin) throws Exception {
    Path fake = Files.writeString(bin.resolve("python3"), "#!/bin/sh\necho fake-python \"$@\"\n");
    Files.setPosixFilePermissions(
        fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    try (AwsSimulator own = AwsSimulator.builder().hostPath(List.of(bin)).build().start();
        SsmClient client = SdkClients.of(own).ssm()) {
      String id = own.addInstances(1, Map.of("app", "web")).get(0);
      String commandId =
          runShell(
              client, List.of(id), "python3 --version", "ls --version >/dev/null && echo ls-found");

      GetCommandInvocationResponse inv = awaitInvocation(client, commandId, id);
      assertThat(inv.standardOutputContent()).isEqualTo("fake-python --version\nls-found\n");
    }
  }

  @Test
  void exitCodesBecomeStatuses() {
    String ok = web.get(3);
    String bad = web.get(4);
    String commandId =
        runShell(
            ssm,
            List.of(ok, bad),
            "if [ \"$FD_SIM_INSTANCE_ID\" = \"" + bad + "\" ]; then echo broken >&2; exit 3; fi",
            "echo fine");
    GetCommandInvocationResponse good = awaitInvocation(ssm, commandId, ok);
    GetCommandInvocationResponse failed = awaitInvocation(ssm, commandId, bad);
    assertThat(good.statusAsString()).isEqualTo("Success");
    assertThat(failed.statusAsString()).isEqualTo("Failed");
    assertThat(failed.statusDetails()).isEqualTo("Failed");
    assertThat(failed.responseCode()).isEqualTo(3);
    assertThat(failed.standardErrorContent()).isEqualTo("broken\n");
    Command command = ssm.listCommands(b -> b.commandId(commandId)).commands().get(0);
    assertThat(command.statusAsString()).isEqualTo("Failed");
    assertThat(command.errorCount()).isEqualTo(1);
  }

  @Test
  void outputIsCutAtSsmLimits() {
    String id = web.get(5);
    String commandId =
        runShell(
            ssm,
            List.of(id),
            "head -c 30000 /dev/zero | tr '\\0' a",
            "head -c 9000 /dev/zero | tr '\\0' b >&2");
    GetCommandInvocationResponse inv = awaitInvocation(ssm, commandId, id);
    assertThat(inv.standardOutputContent()).hasSize(24_000).matches("a+");
    assertThat(inv.standardErrorContent()).hasSize(8_000).matches("b+");
    CommandInvocation listed =
        ssm.listCommandInvocations(b -> b.commandId(commandId).details(true))
            .commandInvocations()
            .get(0);
    assertThat(listed.commandPlugins()).hasSize(1);
    assertThat(listed.commandPlugins().get(0).output())
        .hasSizeLessThanOrEqualTo(2500)
        .startsWith("aaaa");
    assertThat(listed.commandPlugins().get(0).responseCode()).isZero();
    assertThat(listed.commandPlugins().get(0).statusAsString()).isEqualTo("Success");
  }

  @Test
  void executionTimeoutKillsTheWholeProcessGroup() throws Exception {
    String id = web.get(6);
    Path root = sim.instanceRoot(id);
    String commandId =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .parameters(
                            Map.of(
                                "commands",
                                List.of(
                                    // Orphaned by the subshell: only a kill of the whole process
                                    // group reaches it.
                                    "(sleep 300 & echo $! > background.pid)",
                                    "echo started",
                                    "sleep 300"),
                                "executionTimeout",
                                List.of("1"))))
            .command()
            .commandId();
    GetCommandInvocationResponse inv = awaitInvocation(ssm, commandId, id, Duration.ofSeconds(15));
    assertThat(inv.statusAsString()).isEqualTo("TimedOut");
    assertThat(inv.statusDetails()).isEqualTo("ExecutionTimedOut");
    assertThat(inv.responseCode()).isEqualTo(137);
    assertThat(inv.standardOutputContent()).isEqualTo("started\n");
    long background = Long.parseLong(Files.readString(root.resolve("background.pid")).trim());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(background).map(p -> !p.isAlive()).orElse(true));
    Command command = ssm.listCommands(b -> b.commandId(commandId)).commands().get(0);
    assertThat(command.statusAsString()).isEqualTo("TimedOut");
    assertThat(command.statusDetails()).isEqualTo("ExecutionTimedOut");
  }

  @Test
  void fiftyOneInstanceIdsAreRejectedLikeSsm() {
    List<String> ids = new ArrayList<>(web.subList(0, 51));
    assertThatThrownBy(() -> runShell(ssm, ids, "true"))
        .isInstanceOfSatisfying(
            SsmException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains("'instanceIds'", "less than or equal to 50");
            });
  }

  @Test
  void requestsAreValidatedLikeSsm() {
    String id = web.get(7);
    assertErrorCode(
        () ->
            ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .comment("x".repeat(101))
                        .parameters(Map.of("commands", List.of("true")))),
        "ValidationException",
        "'comment'");
    assertErrorCode(
        () -> runShell(ssm, List.of("i-0123456789abcdef0"), "true"),
        "InvalidInstanceId",
        "i-0123456789abcdef0");
    assertErrorCode(
        () -> ssm.sendCommand(b -> b.documentName("No-Such-Document").instanceIds(id)),
        "InvalidDocument",
        "No-Such-Document");
    assertErrorCode(
        () ->
            ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .parameters(Map.of("commands", List.of("true"), "colour", List.of("red")))),
        "InvalidParameters",
        "colour");
    assertErrorCode(
        () -> ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(id)),
        "InvalidParameters",
        "commands");
    assertErrorCode(
        () ->
            ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .parameters(
                            Map.of("commands", List.of("true"), "executionTimeout", List.of("0")))),
        "InvalidParameters",
        "executionTimeout");
    assertErrorCode(
        () ->
            ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id, id)
                        .parameters(Map.of("commands", List.of("true")))),
        "DuplicateInstanceId",
        id);
    assertErrorCode(
        () ->
            ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .timeoutSeconds(29)
                        .parameters(Map.of("commands", List.of("true")))),
        "ValidationException",
        "'timeoutSeconds'");
    assertErrorCode(
        () ->
            ssm.getCommandInvocation(
                b -> b.commandId("00000000-0000-4000-8000-000000000000").instanceId(id)),
        "InvalidCommandId",
        "00000000-0000-4000-8000-000000000000");
    String commandId = runShell(ssm, List.of(id), "true");
    assertErrorCode(
        () -> ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(web.get(8))),
        "InvocationDoesNotExist",
        web.get(8));
  }

  @Test
  void listCommandsFiltersByDocumentNameAndTimeAndReturnsTheComment() throws Exception {
    String id = web.get(9);
    String early =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .comment("first run")
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();
    Thread.sleep(20);
    Instant between = Instant.now();
    Thread.sleep(20);
    String late =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .comment("fleetdeploy deploy/web-7f3a batch 2")
                        .parameters(Map.of("commands", List.of("true"))))
            .command()
            .commandId();

    List<Command> after =
        ssm.listCommands(
                b ->
                    b.instanceId(id)
                        .filters(
                            CommandFilter.builder()
                                .key(CommandFilterKey.DOCUMENT_NAME)
                                .value("AWS-RunShellScript")
                                .build(),
                            CommandFilter.builder()
                                .key(CommandFilterKey.INVOKED_AFTER)
                                .value(between.toString())
                                .build()))
            .commands();
    assertThat(after).extracting(Command::commandId).containsExactly(late);
    assertThat(after.get(0).comment()).isEqualTo("fleetdeploy deploy/web-7f3a batch 2");
    assertThat(after.get(0).parameters()).containsEntry("commands", List.of("true"));
    assertThat(after.get(0).requestedDateTime()).isAfter(between);

    List<Command> before =
        ssm.listCommands(
                b ->
                    b.instanceId(id)
                        .filters(
                            CommandFilter.builder()
                                .key(CommandFilterKey.INVOKED_BEFORE)
                                .value(between.toString())
                                .build()))
            .commands();
    assertThat(before).extracting(Command::commandId).containsExactly(early);

    List<Command> otherDocument =
        ssm.listCommands(
                b ->
                    b.filters(
                        CommandFilter.builder()
                            .key(CommandFilterKey.DOCUMENT_NAME)
                            .value("Nope")
                            .build()))
            .commands();
    assertThat(otherDocument).isEmpty();
    assertErrorCode(
        () ->
            ssm.listCommands(
                b ->
                    b.filters(
                        CommandFilter.builder()
                            .key(CommandFilterKey.INVOKED_AFTER)
                            .value("yesterday")
                            .build())),
        "InvalidFilterValue",
        "yesterday");
    assertErrorCode(
        () -> ssm.listCommands(b -> b.maxResults(51)), "ValidationException", "'maxResults'");
  }

  @Test
  void listCommandInvocationsPagesAtFifty() {
    // From before the sends, not "two seconds ago" when listing: on a loaded machine the sends
    // themselves can take longer than that (the test once saw fewer than 50 invocations).
    String since = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString();
    String firstBatch = runShell(ssm, web.subList(0, 50), "true");
    String secondBatch = runShell(ssm, web.subList(50, 60), "true");
    List<CommandInvocation> all = new ArrayList<>();
    var page1 =
        ssm.listCommandInvocations(
            b ->
                b.maxResults(50)
                    .filters(
                        CommandFilter.builder()
                            .key(CommandFilterKey.INVOKED_AFTER)
                            .value(since)
                            .build()));
    assertThat(page1.commandInvocations()).hasSize(50);
    assertThat(page1.nextToken()).isNotBlank();
    all.addAll(page1.commandInvocations());
    String token = page1.nextToken();
    while (token != null) {
      String t = token;
      var page =
          ssm.listCommandInvocations(
              b ->
                  b.maxResults(50)
                      .nextToken(t)
                      .filters(
                          CommandFilter.builder()
                              .key(CommandFilterKey.INVOKED_AFTER)
                              .value(since)
                              .build()));
      all.addAll(page.commandInvocations());
      token = page.nextToken();
    }
    assertThat(all).filteredOn(i -> i.commandId().equals(firstBatch)).hasSize(50);
    assertThat(all).filteredOn(i -> i.commandId().equals(secondBatch)).hasSize(10);
    assertThat(all).extracting(i -> i.commandId() + i.instanceId()).doesNotHaveDuplicates();

    var one = ssm.listCommandInvocations(b -> b.commandId(secondBatch).maxResults(1));
    assertThat(one.commandInvocations()).hasSize(1);
    assertThat(one.commandInvocations().get(0).instanceId()).isEqualTo(web.get(50));
    assertErrorCode(
        () -> ssm.listCommandInvocations(b -> b.maxResults(51)),
        "ValidationException",
        "'maxResults'");
    assertErrorCode(
        () -> ssm.listCommandInvocations(b -> b.nextToken("bogus")), "InvalidNextToken", "token");
  }

  @Test
  void listCommandInvocationsOfOneCommandPagesInTargetOrderAndListsNoOther() {
    String before = runShell(ssm, web.subList(0, 3), "true");
    String command = runShell(ssm, web.subList(10, 20), "true");
    String after = runShell(ssm, web.subList(20, 23), "true");
    List<String> instances = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      var page = ssm.listCommandInvocations(b -> b.commandId(command).maxResults(4).nextToken(t));
      assertThat(page.commandInvocations()).hasSizeLessThanOrEqualTo(4);
      page.commandInvocations()
          .forEach(
              i -> {
                assertThat(i.commandId()).isEqualTo(command);
                instances.add(i.instanceId());
              });
      token = page.nextToken();
    } while (token != null);
    assertThat(instances).containsExactlyElementsOf(web.subList(10, 20));
    assertThat(ssm.listCommands(b -> b.commandId(before)).commands())
        .singleElement()
        .satisfies(c -> assertThat(c.instanceIds()).containsExactlyElementsOf(web.subList(0, 3)));
    assertThat(ssm.listCommands(b -> b.commandId(after).instanceId(web.get(0))).commands())
        .isEmpty();
    assertErrorCode(
        () -> ssm.listCommandInvocations(b -> b.commandId("00000000-0000-0000-0000-000000000000")),
        "InvalidCommandId",
        "does not exist");
  }

  @Test
  void cancelCommandStopsWhatRuns() throws Exception {
    String id = web.get(10);
    String commandId = runShell(ssm, List.of(id), "echo $$ > shell.pid", "sleep 30");
    Path pidFile = sim.instanceRoot(id).resolve("shell.pid");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
    ssm.cancelCommand(b -> b.commandId(commandId));
    GetCommandInvocationResponse inv = awaitInvocation(ssm, commandId, id);
    assertThat(inv.statusAsString()).isEqualTo("Cancelled");
    long shell = Long.parseLong(Files.readString(pidFile).trim());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(shell).map(p -> !p.isAlive()).orElse(true));
    assertThat(ssm.listCommands(b -> b.commandId(commandId)).commands().get(0).statusAsString())
        .isEqualTo("Cancelled");
  }

  @Test
  void onPremisesServersRunCommandsToo() throws Exception {
    String mi = sim.registerManagedInstance(Map.of("Name", "rack-7"));
    assertThat(mi).matches("mi-0[0-9a-f]{16}");
    String commandId = runShell(ssm, List.of(mi), "hostname > /dev/null", "echo on-prem > marker");
    assertThat(awaitInvocation(ssm, commandId, mi).statusAsString()).isEqualTo("Success");
    assertThat(Files.readString(sim.instanceRoot(mi).resolve("marker"))).isEqualTo("on-prem\n");
  }

  @Test
  void workingDirectoryIsAPathOnTheInstance() throws Exception {
    String id = web.get(11);
    Files.createDirectories(sim.instanceRoot(id).resolve("opt/app"));
    String commandId =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .parameters(
                            Map.of(
                                "commands",
                                List.of("pwd"),
                                "workingDirectory",
                                List.of("/opt/app"))))
            .command()
            .commandId();
    GetCommandInvocationResponse inv = awaitInvocation(ssm, commandId, id);
    assertThat(inv.standardOutputContent().trim())
        .isEqualTo(sim.instanceRoot(id).resolve("opt/app").toString());

    String missing =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(id)
                        .parameters(
                            Map.of(
                                "commands",
                                List.of("pwd"),
                                "workingDirectory",
                                List.of("/does/not/exist"))))
            .command()
            .commandId();
    GetCommandInvocationResponse failed = awaitInvocation(ssm, missing, id);
    assertThat(failed.statusAsString()).isEqualTo("Failed");
    assertThat(failed.standardErrorContent()).contains("/does/not/exist");
  }

  @Test
  void processPoolBoundsConcurrentCommands(@TempDir Path shared) throws Exception {
    try (AwsSimulator small = AwsSimulator.builder().maxConcurrentCommands(2).build().start();
        SsmClient client = SdkClients.of(small).ssm()) {
      List<String> ids = small.addInstances(6, Map.of());
      String commandId =
          runShell(
              client,
              ids,
              "touch " + shared + "/running.$FD_SIM_INSTANCE_ID",
              "ls " + shared + " | grep -c running > seen",
              "sleep 0.3",
              "rm " + shared + "/running.$FD_SIM_INSTANCE_ID");
      int most = 0;
      for (String id : ids) {
        assertThat(awaitInvocation(client, commandId, id).statusAsString()).isEqualTo("Success");
        most =
            Math.max(
                most,
                Integer.parseInt(Files.readString(small.instanceRoot(id).resolve("seen")).trim()));
      }
      assertThat(most).isBetween(1, 2);
    }
  }

  static void assertErrorCode(Runnable call, String code, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            SsmException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              assertThat(e.getMessage()).contains(messagePart);
            });
  }
}
