package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads over a flaky network: a body cut short (by its Content-Length or in the middle of a
 * chunked body) and a connection reset are retried like a 5xx; only a whole body whose digest is
 * wrong is a checksum mismatch, and that is not retried.
 */
class RunnerDownloadTest {
  /** What the server does with one request. */
  enum Answer {
    WHOLE,
    CUT_BY_LENGTH,
    CUT_CHUNKED,
    RESET,
    WRONG_BYTES,
    REDIRECT_ELSEWHERE
  }

  @TempDir Path temp;
  RunnerHarness harness;
  HostPlan local;
  io.fleetdeploy.appspec.AppSpec appSpec;
  byte[] archive;
  ServerSocket server;
  ServerSocket elsewhere;
  final AtomicInteger elsewhereRequests = new AtomicInteger();
  final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    harness = new RunnerHarness(temp);
    Path bundle = TestBundles.copy("webapp-v1", temp);
    local = harness.plan(bundle, BundleType.TGZ, "d-local", PlanOptions.defaults());
    appSpec = io.fleetdeploy.appspec.AppSpecCheck.check(bundle).appSpec().orElseThrow();
    archive = Files.readAllBytes(Path.of(local.revision().location()));
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    elsewhere = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread other =
        new Thread(
            () -> {
              while (!elsewhere.isClosed()) {
                try (Socket socket = elsewhere.accept()) {
                  elsewhereRequests.incrementAndGet();
                } catch (IOException e) {
                  // closed
                }
              }
            },
            "elsewhere");
    other.setDaemon(true);
    other.start();
    Thread accept = new Thread(this::serve, "flaky-http");
    accept.setDaemon(true);
    accept.start();
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    elsewhere.close();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        readRequest(socket.getInputStream());
        requests.incrementAndGet();
        Answer answer = script.isEmpty() ? Answer.WHOLE : script.poll();
        answer(socket, answer);
      } catch (IOException e) {
        // the server was closed, or the client went away
      }
    }
  }

  private void answer(Socket socket, Answer answer) throws IOException {
    OutputStream out = socket.getOutputStream();
    int half = archive.length / 2;
    switch (answer) {
      case WHOLE, WRONG_BYTES -> {
        byte[] body = archive.clone();
        if (answer == Answer.WRONG_BYTES) {
          body[body.length / 3] ^= 1;
        }
        out.write(headers("Content-Length: " + body.length));
        out.write(body);
      }
      case CUT_BY_LENGTH -> {
        out.write(headers("Content-Length: " + archive.length));
        out.write(archive, 0, half);
      }
      case CUT_CHUNKED -> {
        out.write(headers("Transfer-Encoding: chunked"));
        out.write((Integer.toHexString(half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(archive, 0, half);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        // ... and no more chunks, no last chunk: the connection just ends.
      }
      case REDIRECT_ELSEWHERE ->
          out.write(
              ("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:"
                      + elsewhere.getLocalPort()
                      + "/latest/meta-data/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      case RESET -> {
        out.write(headers("Content-Length: " + archive.length));
        out.write(archive, 0, half);
        out.flush();
        socket.setSoLinger(true, 0);
      }
    }
    out.flush();
  }

  private static byte[] headers(String framing) {
    return ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
            + framing
            + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static void readRequest(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int b; matched < end.length && (b = in.read()) >= 0; ) {
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }

  private Run download(String deploymentId, Answer... answers) {
    script.addAll(List.of(answers));
    requests.set(0);
    String url =
        "http://127.0.0.1:" + server.getLocalPort() + "/bundles/web.tgz?X-Amz-Signature=secret";
    return harness.run(
        harness.planFor(
            appSpec,
            Path.of(local.revision().location()),
            BundleType.TGZ,
            deploymentId,
            PlanOptions.defaults().withLocation(url)));
  }

  @Test
  void aBodyCutShortByItsLengthIsRetried() {
    Run run = download("d-length", Answer.CUT_BY_LENGTH);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(run.event("DownloadBundle").status()).isEqualTo(EventStatus.Succeeded);
    assertThat(requests).hasValue(2);
  }

  @Test
  void aChunkedBodyWithoutItsLastChunkIsRetried() {
    Run run = download("d-chunked", Answer.CUT_CHUNKED);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(requests).hasValue(2);
  }

  @Test
  void aConnectionResetMidBodyIsRetried() {
    Run run = download("d-reset", Answer.RESET);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(requests).hasValue(2);
  }

  @Test
  void onlyAWholeBodyWithAnotherDigestIsAChecksumMismatchAndItIsNotRetried() throws IOException {
    Run run = download("d-wrong", Answer.WRONG_BYTES);

    assertThat(run.event("DownloadBundle").errorCode()).contains("BundleChecksumMismatch");
    assertThat(requests).hasValue(1);
    assertThat(run.stdout()).doesNotContain("secret");
    // What came is not described: its digest would make a mismatch a way to learn other bytes.
    byte[] wrong = archive.clone();
    wrong[wrong.length / 3] ^= 1;
    assertThat(run.stdout())
        .doesNotContain(RunnerHarness.sha256(Files.write(temp.resolve("wrong.tgz"), wrong)));
  }

  @Test
  void aRedirectToAnotherHostIsNotFollowed() {
    Run run = download("d-redirect", Answer.REDIRECT_ELSEWHERE);

    assertThat(run.event("DownloadBundle").errorCode()).contains("BundleDownloadFailed");
    assertThat(run.event("DownloadBundle").message())
        .get()
        .asString()
        .contains("redirect to another host (http://127.0.0.1) refused");
    assertThat(elsewhereRequests).hasValue(0);
    assertThat(requests).hasValue(1);
  }
}
