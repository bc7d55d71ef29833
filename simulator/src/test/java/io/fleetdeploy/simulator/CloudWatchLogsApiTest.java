package io.fleetdeploy.simulator;

import static io.fleetdeploy.simulator.SsmTestSupport.awaitInvocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * CloudWatch Logs as the SDK speaks it, and SSM's output options: a command's output in a log
 * stream and in S3 objects, past what GetCommandInvocation returns.
 */
class CloudWatchLogsApiTest {
  private static AwsSimulator sim;
  private static SsmClient ssm;
  private static CloudWatchLogsClient logs;
  private static S3Client s3;
  private static List<String> hosts;

  @BeforeAll
  static void start() {
    sim = AwsSimulator.builder().build().start();
    SdkClients clients = SdkClients.of(sim);
    ssm = clients.ssm();
    logs = clients.logs();
    s3 = clients.s3();
    hosts = sim.addInstances(2, Map.of("app", "logs"));
    sim.createBucket("command-output");
  }

  @AfterAll
  static void stop() {
    ssm.close();
    logs.close();
    s3.close();
    sim.close();
  }

  @Test
  void eventsPutAreReadFromTheHeadPageByPageUntilTheTokenComesBack() {
    logs.createLogGroup(b -> b.logGroupName("/app/one"));
    logs.createLogStream(b -> b.logGroupName("/app/one").logStreamName("s1"));
    List<software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent> events =
        new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      int n = i;
      events.add(
          software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent.builder()
              .timestamp(1_700_000_000_000L + n)
              .message("line " + n)
              .build());
    }
    logs.putLogEvents(b -> b.logGroupName("/app/one").logStreamName("s1").logEvents(events));

    List<String> read = new ArrayList<>();
    String token = null;
    for (int pages = 0; pages < 10; pages++) {
      String from = token;
      GetLogEventsResponse page =
          logs.getLogEvents(
              b -> {
                b.logGroupName("/app/one").logStreamName("s1").startFromHead(true).limit(10);
                if (from != null) {
                  b.nextToken(from);
                }
              });
      page.events().forEach(e -> read.add(e.message()));
      if (page.nextForwardToken().equals(from)) {
        break;
      }
      token = page.nextForwardToken();
    }
    assertThat(read).hasSize(25).startsWith("line 1", "line 2").endsWith("line 25");

    // Without startFromHead, the newest events come first page-wise, as the service does.
    GetLogEventsResponse tail =
        logs.getLogEvents(b -> b.logGroupName("/app/one").logStreamName("s1").limit(3));
    assertThat(tail.events())
        .extracting(OutputLogEvent::message)
        .containsExactly("line 23", "line 24", "line 25");

    FilterLogEventsResponse filtered =
        logs.filterLogEvents(b -> b.logGroupName("/app/one").filterPattern("\"line 2\""));
    assertThat(filtered.events()).extracting(e -> e.message()).contains("line 2", "line 20");
    assertThat(filtered.events()).allSatisfy(e -> assertThat(e.logStreamName()).isEqualTo("s1"));

    assertThatThrownBy(() -> logs.createLogGroup(b -> b.logGroupName("/app/one")))
        .isInstanceOf(ResourceAlreadyExistsException.class);
    assertThatThrownBy(
            () -> logs.getLogEvents(b -> b.logGroupName("/app/one").logStreamName("nope")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("log stream does not exist");
    assertThatThrownBy(
            () -> logs.getLogEvents(b -> b.logGroupName("/app/none").logStreamName("s1")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("log group does not exist");
  }

  @Test
  void sendCommandOutputOptionsPutTheWholeOutputInCloudWatchAndS3() {
    String host = hosts.get(0);
    // 41,000 characters on stdout: more than GetCommandInvocation's 24,000.
    String commandId =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(host)
                        .cloudWatchOutputConfig(
                            c ->
                                c.cloudWatchOutputEnabled(true)
                                    .cloudWatchLogGroupName("/fleetdeploy/ns/web"))
                        .outputS3BucketName("command-output")
                        .outputS3KeyPrefix("runs/web")
                        .parameters(
                            Map.of(
                                "commands",
                                List.of(
                                    "for i in $(seq 1 1000); do printf 'line %035d\\n' $i; done",
                                    "echo done-on-stderr >&2"))))
            .command()
            .commandId();
    GetCommandInvocationResponse done = awaitInvocation(ssm, commandId, host);
    assertThat(done.standardOutputContent()).hasSize(24_000);
    assertThat(done.cloudWatchOutputConfig().cloudWatchLogGroupName())
        .isEqualTo("/fleetdeploy/ns/web");

    String stream = commandId + "/" + host + "/aws-runShellScript/stdout";
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sim.logMessages("/fleetdeploy/ns/web", stream).size() == 1000);
    List<String> lines = sim.logMessages("/fleetdeploy/ns/web", stream);
    assertThat(lines.get(0)).isEqualTo(String.format("line %035d", 1));
    assertThat(lines.get(999)).isEqualTo(String.format("line %035d", 1000));
    assertThat(
            sim.logMessages(
                "/fleetdeploy/ns/web", commandId + "/" + host + "/aws-runShellScript/stderr"))
        .containsExactly("done-on-stderr");

    CommandInvocation listed =
        ssm.listCommandInvocations(b -> b.commandId(commandId).details(true))
            .commandInvocations()
            .get(0);
    String url = listed.standardOutputUrl();
    assertThat(url).startsWith("https://s3." + sim.region() + ".amazonaws.com/command-output/");
    String key = url.substring(url.indexOf("/command-output/") + "/command-output/".length());
    assertThat(key)
        .isEqualTo(
            "runs/web/" + commandId + "/" + host + "/awsrunShellScript/aws:runShellScript/stdout");
    String object =
        new String(
            s3.getObjectAsBytes(b -> b.bucket("command-output").key(key)).asByteArray(),
            StandardCharsets.UTF_8);
    assertThat(object).hasSize(41_000).endsWith(String.format("line %035d%n", 1000));
  }

  @Test
  void aRunningCommandsOutputReachesCloudWatchBeforeItEnds() {
    String host = hosts.get(1);
    String commandId =
        ssm.sendCommand(
                b ->
                    b.documentName("AWS-RunShellScript")
                        .instanceIds(host)
                        .cloudWatchOutputConfig(
                            c ->
                                c.cloudWatchOutputEnabled(true)
                                    .cloudWatchLogGroupName("/fleetdeploy/ns/live"))
                        .parameters(
                            Map.of(
                                "commands",
                                List.of("echo started >&2", "sleep 3", "echo finished >&2"))))
            .command()
            .commandId();
    String stream = commandId + "/" + host + "/aws-runShellScript/stderr";
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> sim.logMessages("/fleetdeploy/ns/live", stream).contains("started"));
    assertThat(
            ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(host)).statusAsString())
        .isEqualTo("InProgress");
    awaitInvocation(ssm, commandId, host);
    assertThat(sim.logMessages("/fleetdeploy/ns/live", stream))
        .containsExactly("started", "finished");
  }
}
