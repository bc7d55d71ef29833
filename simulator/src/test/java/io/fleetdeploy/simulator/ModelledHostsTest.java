package io.fleetdeploy.simulator;

import static io.fleetdeploy.simulator.SsmTestSupport.awaitInvocation;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.simulator.codec.JsonReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/** Modelled hosts: no process runs, results come after the modelled time, as a runner prints. */
class ModelledHostsTest {
  /** A runner-like document: one shell step that takes a plan parameter. */
  private static final String DOCUMENT =
      """
      {"schemaVersion": "2.2",
       "parameters": {"plan": {"type": "String"}},
       "mainSteps": [{"action": "aws:runShellScript", "name": "runner",
                      "inputs": {"runCommand": ["echo '{{ plan }}' > ran-a-process"]}}]}
      """;

  /** A simulator whose hosts are modelled as {@code model} says. */
  private static AwsSimulator modelled(HostModel model) {
    return AwsSimulator.builder().hostModel(model).build().start();
  }

  /** The runner document ("runner") the sends of these tests use. */
  private static void createRunner(SsmClient ssm) {
    ssm.createDocument(
        b ->
            b.name("runner")
                .content(DOCUMENT)
                .documentType(DocumentType.COMMAND)
                .documentFormat(DocumentFormat.JSON));
  }

  private static String plan(String deploymentId) {
    String json =
        """
        {"deploymentId": "%s", "deploymentGroupId": "g-1",
         "events": ["ApplicationStop", "DownloadBundle", "Install", "AfterInstall",
                    "ApplicationStart"],
         "hooks": {"ApplicationStop": [{"location": "stop.sh", "timeout": 60}],
                   "AfterInstall": [{"location": "after.sh", "timeout": 60}],
                   "ApplicationStart": [{"location": "start.sh", "timeout": 60}]}}
        """
            .formatted(deploymentId);
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static GetCommandInvocationResponse run(SsmClient ssm, String host, String deployment) {
    String id =
        ssm.sendCommand(
                b ->
                    b.documentName("runner")
                        .instanceIds(host)
                        .parameters(Map.of("plan", List.of(plan(deployment)))))
            .command()
            .commandId();
    return awaitInvocation(ssm, id, host);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> result(GetCommandInvocationResponse invocation) {
    String out = invocation.standardOutputContent();
    assertThat(out).startsWith("FLEETDEPLOY-RESULT ");
    return JsonReader.parseObject(out.substring("FLEETDEPLOY-RESULT ".length()).strip());
  }

  @Test
  void aRunTakesTheHookTimeOfItsHookedEventsAndPrintsTheRunnersResult() throws Exception {
    try (AwsSimulator sim = modelled(new HostModel(Duration.ofMillis(300), 0, 0));
        SsmClient ssm = SdkClients.of(sim).ssm()) {
      String host = sim.addInstances(1, Map.of()).get(0);
      createRunner(ssm);

      GetCommandInvocationResponse first = run(ssm, host, "d-1");
      assertThat(first.statusAsString()).isEqualTo("Success");
      Map<String, Object> result = result(first);
      assertThat(result).containsEntry("status", "Succeeded").containsEntry("replay", false);
      // First deployment on the host: no earlier revision, so no ApplicationStop scripts to run;
      // AfterInstall and ApplicationStart take 300 ms each.
      long span = (Long) result.get("runnerEnd") - (Long) result.get("runnerStart");
      assertThat(span).isEqualTo(600);
      assertThat(sim.modelledRun(host, "d-1"))
          .contains(
              new HostModel.Timing(
                  (Long) result.get("runnerStart"), (Long) result.get("runnerEnd")));
      assertThat(Files.exists(sim.instanceRoot(host).resolve("ran-a-process"))).isFalse();

      // The next deployment runs the previous revision's ApplicationStop too.
      Map<String, Object> second = result(run(ssm, host, "d-2"));
      assertThat((Long) second.get("runnerEnd") - (Long) second.get("runnerStart")).isEqualTo(900);

      // Sent again: the recorded result is replayed, at once.
      Map<String, Object> replay = result(run(ssm, host, "d-1"));
      assertThat(replay).containsEntry("replay", true).containsEntry("status", "Succeeded");
    }
  }

  /** One part of a deployment sent in parts (traffic events on their side of the switch). */
  private static String partPlan(String deploymentId, int part, boolean last, String... events) {
    String json =
        """
        {"deploymentId": "%s", "deploymentGroupId": "g-1", "part": %d, "lastPart": %b,
         "events": [%s],
         "hooks": {"BeforeBlockTraffic": [{"location": "bbt.sh", "timeout": 60}],
                   "AfterInstall": [{"location": "after.sh", "timeout": 60}],
                   "AfterAllowTraffic": [{"location": "aat.sh", "timeout": 60}]}}
        """
            .formatted(
                deploymentId,
                part,
                last,
                String.join(
                    ", ", java.util.Arrays.stream(events).map(e -> '"' + e + '"').toList()));
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Object> send(SsmClient ssm, String host, String plan) {
    String id =
        ssm.sendCommand(
                b ->
                    b.documentName("runner")
                        .instanceIds(host)
                        .parameters(Map.of("plan", List.of(plan))))
            .command()
            .commandId();
    return result(awaitInvocation(ssm, id, host));
  }

  @SuppressWarnings("unchecked")
  private static List<String> eventNames(Map<String, Object> result) {
    return ((List<Object>) result.get("events"))
        .stream().map(e -> String.valueOf(((Map<String, Object>) e).get("name"))).toList();
  }

  @Test
  void aDeploymentSentInPartsRunsEachPartOnceAndReportsEveryEventAtTheEnd() {
    try (AwsSimulator sim = modelled(new HostModel(Duration.ofMillis(100), 0, 0));
        SsmClient ssm = SdkClients.of(sim).ssm()) {
      String host = sim.addInstances(1, Map.of()).get(0);
      createRunner(ssm);
      Map<String, Object> two =
          send(
              ssm,
              host,
              partPlan("d-1", 2, false, "BeforeBlockTraffic", "Install", "AfterInstall"));
      assertThat(two).containsEntry("replay", false);
      Map<String, Object> three =
          send(ssm, host, partPlan("d-1", 3, true, "AllowTraffic", "AfterAllowTraffic"));
      assertThat(three).containsEntry("replay", false).containsEntry("status", "Succeeded");
      assertThat(eventNames(three))
          .containsExactly(
              "BeforeBlockTraffic", "Install", "AfterInstall", "AllowTraffic", "AfterAllowTraffic");
      assertThat(send(ssm, host, partPlan("d-1", 3, true, "AllowTraffic", "AfterAllowTraffic")))
          .containsEntry("replay", true);

      // The next deployment's part 1 runs the BeforeBlockTraffic script d-1 left (100 ms).
      Map<String, Object> one = send(ssm, host, partPlan("d-2", 1, false, "BeforeBlockTraffic"));
      assertThat((Long) one.get("runnerEnd") - (Long) one.get("runnerStart")).isEqualTo(100);
      assertThat(eventNames(one)).containsExactly("BeforeBlockTraffic");
    }
  }

  @Test
  void aFailureRateFailsAHookedEventWithTheRunnersDiagnostics() {
    try (AwsSimulator sim = modelled(new HostModel(Duration.ZERO, 0, 1));
        SsmClient ssm = SdkClients.of(sim).ssm()) {
      String host = sim.addInstances(1, Map.of()).get(0);
      createRunner(ssm);
      GetCommandInvocationResponse invocation = run(ssm, host, "d-1");
      assertThat(invocation.statusAsString()).isEqualTo("Failed");
      assertThat(invocation.responseCode()).isEqualTo(1);
      Map<String, Object> result = result(invocation);
      assertThat(result).containsEntry("status", "Failed");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> events = (List<Map<String, Object>>) result.get("events");
      assertThat(events)
          .filteredOn(e -> "Failed".equals(e.get("status")))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e).containsEntry("errorCode", "ScriptFailed");
                assertThat(e.get("scriptName")).isIn("after.sh", "start.sh");
              });
    }
  }

  /** The most runs of these timings that overlap at one moment. */
  private static int mostAtOnce(List<HostModel.Timing> runs) {
    int most = 0;
    for (HostModel.Timing run : runs) {
      long at = run.start();
      int now = 0;
      for (HostModel.Timing other : runs) {
        if (other.start() <= at && at < other.end()) {
          now++;
        }
      }
      most = Math.max(most, now);
    }
    return most;
  }

  @Test
  void maxConcurrencyBoundsEachCommandOnItsOwn() {
    try (AwsSimulator sim = modelled(new HostModel(Duration.ofMillis(100), 0, 0));
        SsmClient ssm = SdkClients.of(sim).ssm()) {
      List<String> hosts = sim.addInstances(10, Map.of());
      createRunner(ssm);
      List<String> twoAtOnce = hosts.subList(0, 6);
      List<String> oneAtATime = hosts.subList(6, 9);
      String first =
          ssm.sendCommand(
                  b ->
                      b.documentName("runner")
                          .instanceIds(twoAtOnce)
                          .maxConcurrency("2")
                          .parameters(Map.of("plan", List.of(plan("d-1")))))
              .command()
              .commandId();
      String second =
          ssm.sendCommand(
                  b ->
                      b.documentName("runner")
                          .instanceIds(oneAtATime)
                          .maxConcurrency("33%")
                          .parameters(Map.of("plan", List.of(plan("d-2")))))
              .command()
              .commandId();
      assertThat(SsmTestSupport.awaitCommand(ssm, first)).isEqualTo("Success");
      assertThat(SsmTestSupport.awaitCommand(ssm, second)).isEqualTo("Success");

      List<HostModel.Timing> firstRuns =
          twoAtOnce.stream().map(h -> sim.modelledRun(h, "d-1").orElseThrow()).toList();
      List<HostModel.Timing> secondRuns =
          oneAtATime.stream().map(h -> sim.modelledRun(h, "d-2").orElseThrow()).toList();
      // Each run takes 200 ms (two hooked events): six two at a time, three one at a time
      // (33 % of 3, rounded up), the two commands side by side.
      assertThat(mostAtOnce(firstRuns)).isEqualTo(2);
      assertThat(mostAtOnce(secondRuns)).isEqualTo(1);
      List<HostModel.Timing> all = new java.util.ArrayList<>(firstRuns);
      all.addAll(secondRuns);
      assertThat(mostAtOnce(all)).isEqualTo(3);
    }
  }

  @Test
  void aCommandThatIsNotTheRunnerFailsOnAModelledHost() {
    try (AwsSimulator sim = modelled(new HostModel(Duration.ZERO, 0, 0));
        SsmClient ssm = SdkClients.of(sim).ssm()) {
      String host = sim.addInstances(1, Map.of()).get(0);
      String id = SsmTestSupport.runShell(ssm, List.of(host), "echo hi");
      GetCommandInvocationResponse invocation = awaitInvocation(ssm, id, host);
      assertThat(invocation.statusAsString()).isEqualTo("Failed");
      assertThat(invocation.standardErrorContent()).contains("modelled hosts run the fleetdeploy");
    }
  }
}
