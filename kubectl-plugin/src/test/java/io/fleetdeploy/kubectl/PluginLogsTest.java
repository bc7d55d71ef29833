package io.fleetdeploy.kubectl;

import static io.fleetdeploy.kubectl.PluginFixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.kubectl.PluginFixture.Result;
import io.fleetdeploy.simulator.AwsSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;

/**
 * {@code logs}: the full hook output where status points, read from CloudWatch Logs (the
 * simulator's) with the user's credentials, whole or one event; a clear reason when there is none.
 */
class PluginLogsTest {
  @TempDir static Path dir;
  private static EmbeddedApiServer api;
  private static AwsSimulator sim;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    api = EmbeddedApiServer.start(0);
    kubeconfig = PluginFixture.kubeconfig(api, dir);
    PluginFixture.create(api, PluginFixture.group("shop", "web"));
    PluginFixture.create(api, PluginFixture.failedRollout("shop", "web-2", "web"));
    sim = AwsSimulator.builder().build().start();
    // What the SSM agent wrote for the failed host (the runner's log copied to stderr).
    try (CloudWatchLogsClient logs =
        CloudWatchLogsClient.builder()
            .endpointOverride(sim.endpoint())
            .region(Region.of(sim.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("user", "secret")))
            .build()) {
      logs.createLogGroup(b -> b.logGroupName("/fleetdeploy/shop/web"));
      String stream = "0b7e-cmd/i-0000000000000aaa2/fleetdeployRunner/stderr";
      logs.createLogStream(b -> b.logGroupName("/fleetdeploy/shop/web").logStreamName(stream));
      List<String> lines =
          List.of(
              "LifecycleEvent - AfterInstall",
              "Script - scripts/installed.sh",
              "2026-01-05 10:00:30 [stdout]installed",
              "LifecycleEvent - ValidateService",
              "Script - scripts/check.sh",
              "2026-01-05 10:00:31 [stdout]diagnostic line 1: no answer",
              "2026-01-05 10:01:04 [stdout]check failed: port 8080 refused connections",
              "fleetdeploy: ValidateService    Failed   42.0s: ScriptFailed scripts/check.sh");
      long at = 1_767_607_200_000L;
      List<InputLogEvent> events =
          lines.stream()
              .map(l -> InputLogEvent.builder().timestamp(at).message(l).build())
              .toList();
      logs.putLogEvents(
          b -> b.logGroupName("/fleetdeploy/shop/web").logStreamName(stream).logEvents(events));
    }
    System.setProperty("aws.accessKeyId", "user");
    System.setProperty("aws.secretAccessKey", "secret");
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    sim.close();
    api.close();
  }

  private static Result logs(String... more) {
    String[] base = {
      "logs", "web-2", "--region", sim.region(), "--endpoint-url", sim.endpoint().toString()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return run(kubeconfig, all);
  }

  @Test
  void oneEventsOutputIsReadWhereStatusPoints() {
    Result r = logs("--instance", "i-0000000000000aaa2", "--event", "ValidateService");

    assertThat(r.err()).isEmpty();
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            LifecycleEvent - ValidateService
            Script - scripts/check.sh
            2026-01-05 10:00:31 [stdout]diagnostic line 1: no answer
            2026-01-05 10:01:04 [stdout]check failed: port 8080 refused connections
            """);
  }

  @Test
  void withoutAnEventTheWholeOutput() {
    Result r = logs("--instance", "i-0000000000000aaa2");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .startsWith("LifecycleEvent - AfterInstall\n")
        .contains("[stdout]installed", "check failed")
        .endsWith(
            "fleetdeploy: ValidateService    Failed   42.0s: ScriptFailed scripts/check.sh\n");
  }

  @Test
  void whatCannotBeReadIsSaidInOneLine() {
    Result succeeded = logs("--instance", "i-0000000000000aaa1");
    assertThat(succeeded.exitCode()).isEqualTo(1);
    assertThat(succeeded.err())
        .startsWith(
            "kubectl fleetdeploy logs: the full output of i-0000000000000aaa1 was not kept outside"
                + " the host: DeploymentGroup web sets no spec.logging (cloudWatch or s3) (on the"
                + " host: /var/lib/fleetdeploy/groups/")
        .endsWith(".log)\n");
    Result noScripts = logs("--instance", "i-0000000000000aaa2", "--event", "Install");
    assertThat(noScripts.err())
        .isEqualTo(
            "kubectl fleetdeploy logs: event Install ran no scripts on i-0000000000000aaa2"
                + " (events with script output: AfterInstall, ValidateService)\n");
    Result unknown = logs("--instance", "i-404");
    assertThat(unknown.err())
        .startsWith("kubectl fleetdeploy logs: deployment shop/web-2 has no instance i-404");
    Result noRegion =
        run(kubeconfig, "logs", "web-2", "--instance", "i-0000000000000aaa2", "--region", "");
    assertThat(noRegion.exitCode()).isEqualTo(1);
  }
}
