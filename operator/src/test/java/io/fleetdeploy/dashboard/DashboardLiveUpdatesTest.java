package io.fleetdeploy.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live-update stream over HTTP: a change reaches an open stream with its resourceVersion as the
 * event id, a reconnect with Last-Event-ID gets what it missed, and idle streams get heartbeats.
 */
class DashboardLiveUpdatesTest {
  private static EmbeddedApiServer api;
  private static Dashboard dashboard;

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedApiServer.start(0);
    DashboardFixture.group(api.client(), "live", "web", 4, null);
    DashboardFixture.deployment(
        api.client(), "live", "web-1", "web", 4, DeploymentPhase.InProgress);
    dashboard =
        Dashboard.start(
            api.client(), DashboardSettings.readOnly(0).withHeartbeat(Duration.ofMillis(300)));
    await().atMost(Duration.ofSeconds(30)).until(() -> dashboard.synced());
  }

  @AfterAll
  static void stop() {
    dashboard.close();
    api.close();
  }

  /** The lines of one open stream, read on a thread of their own. */
  private static final class Stream implements AutoCloseable {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final InputStream body;

    Stream(String lastEventId) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + dashboard.port() + "/api/v1/updates"));
      if (lastEventId != null) {
        request.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<InputStream> response =
          DashboardFixture.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("text/event-stream; charset=utf-8");
      body = response.body();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                  }
                } catch (java.io.IOException e) {
                  // closed by the test
                }
              },
              "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Lines up to and including the first that starts with {@code prefix}. */
    List<String> until(String prefix) throws InterruptedException {
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null) {
          seen.add(line);
          if (line.startsWith(prefix)) {
            return seen;
          }
        }
      }
      throw new AssertionError("no line starting with " + prefix + " in " + seen);
    }

    @Override
    public void close() throws Exception {
      body.close();
    }
  }

  private static Deployment phase(String name, DeploymentPhase phase) {
    Deployment d =
        api.client().resources(Deployment.class).inNamespace("live").withName(name).get();
    d.getStatus().setPhase(phase);
    return api.client().resource(d).updateStatus();
  }

  @Test
  void aChangeReachesAnOpenStreamWithItsResourceVersionAndAReconnectResumes() throws Exception {
    String missedVersion;
    try (Stream stream = new Stream(null)) {
      stream.until(": connected");
      Deployment changed = phase("web-1", DeploymentPhase.Succeeded);

      List<String> frame = stream.until("data: ");
      String version = changed.getMetadata().getResourceVersion();
      assertThat(frame).contains("id: " + version, "event: change");
      String data = frame.get(frame.size() - 1);
      assertThat(data)
          .contains("\"kind\":\"Deployment\"", "\"name\":\"web-1\"", "\"phase\":\"Succeeded\"");
      missedVersion = version;
    }
    // While no stream is open, the deployment changes again.
    Deployment again = phase("web-1", DeploymentPhase.Failed);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                DashboardFixture.get(dashboard.port(), "/api/v1/deployments?phase=Failed")
                    .body()
                    .contains("web-1"));

    try (Stream resumed = new Stream(missedVersion)) {
      List<String> frame = resumed.until("data: ");
      assertThat(frame).contains("id: " + again.getMetadata().getResourceVersion());
      assertThat(frame.get(frame.size() - 1)).contains("\"phase\":\"Failed\"");
    }
  }

  @Test
  void anIdleStreamGetsHeartbeatsAndAnUnknownVersionAReset() throws Exception {
    try (Stream stream = new Stream(null)) {
      stream.until(": connected");
      stream.until(": heartbeat");
    }
    try (Stream stale = new Stream("not-a-version")) {
      assertThat(stale.until("event: ")).contains("event: reset");
    }
  }
}
