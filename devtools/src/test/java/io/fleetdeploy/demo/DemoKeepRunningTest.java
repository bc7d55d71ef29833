package io.fleetdeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetdeploy.cli.FleetdeployTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --keep-running}: after the summary the API server stays up for kubectl, until the demo is
 * stopped.
 */
class DemoKeepRunningTest {
  private static final Pattern URL =
      Pattern.compile("embedded Kubernetes API server at (http://127\\.0\\.0\\.1:\\d+)");
  private static final Pattern DASHBOARD =
      Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");

  @Test
  void theApiServerStaysUpAfterTheSummaryAndGoesAwayWhenStopped() throws Exception {
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread demo =
        new Thread(
            () ->
                exitCode.set(
                    FleetdeployTools.commandLine()
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true))
                        .execute(
                            "demo",
                            "--port",
                            "0",
                            "--ui-port",
                            "0",
                            "--samples",
                            DemoInvocation.SAMPLES.toString(),
                            "--instances",
                            "2",
                            "--asg-instances",
                            "0",
                            "--no-scale-out",
                            "--keep-running",
                            "--timeout",
                            "60")),
            "demo");
    demo.start();
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> err.toString().contains("Still running"));
      Matcher url = URL.matcher(err.toString());
      assertThat(url.find()).as(err.toString()).isTrue();
      assertThat(err.toString())
          .contains("demo succeeded", "kubectl --server " + url.group(1) + " get fleetdeploy");

      Matcher dashboard = DASHBOARD.matcher(err.toString());
      assertThat(dashboard.find()).as(err.toString()).isTrue();
      assertThat(err.toString())
          .contains("dashboard: " + dashboard.group(1) + " (stays up with --keep-running)");

      Thread.sleep(500);
      JsonNode listed = get(dashboard.group(1) + "api/v1/deployments");
      assertThat(listed.path("items")).hasSize(2);
      JsonNode deployments =
          get(url.group(1) + "/apis/fleetdeploy.io/v1alpha1/namespaces/default/deployments");
      assertThat(deployments.path("items"))
          .hasSize(2)
          .allSatisfy(
              d -> assertThat(d.path("status").path("phase").asText()).isEqualTo("Succeeded"));
      assertThat(demo.isAlive()).isTrue();

      demo.interrupt();
      demo.join(30_000);
      assertThat(demo.isAlive()).isFalse();
      assertThat(exitCode.get()).isZero();
      assertThatThrownBy(() -> get(url.group(1) + "/apis")).isInstanceOf(ConnectException.class);
      assertThatThrownBy(() -> get(dashboard.group(1) + "api/v1/info"))
          .isInstanceOf(ConnectException.class);
      assertThat(out.toString()).isEmpty();
    } finally {
      demo.interrupt();
      demo.join(30_000);
    }
  }

  private static JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
