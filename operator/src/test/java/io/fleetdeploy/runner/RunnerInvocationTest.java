package io.fleetdeploy.runner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.HostPlanCodec;
import io.fleetdeploy.hostplan.HostRunOutcome;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the runner is invoked: plan transports, HTTP bundles, the group lock, bad input. */
class RunnerInvocationTest {

  @TempDir Path temp;

  @Test
  void downloadsOverHttpAndNeverPrintsTheQueryString() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path bundle = TestBundles.copy("webapp-v1", temp);
    HostPlan local = harness.plan(bundle, BundleType.TGZ, "d-http", PlanOptions.defaults());
    byte[] archive = Files.readAllBytes(Path.of(local.revision().location()));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/bundles/web.tgz", exchange -> respond(exchange, 200, archive));
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/bundles/";
      // The failing fetch first: once the revision is on the host it is never fetched again.
      Run missing =
          harness.run(
              harness.plan(
                  bundle,
                  BundleType.TGZ,
                  "d-404",
                  PlanOptions.defaults().withLocation(base + "gone.tgz?X-Amz-Signature=s3cr3t")));
      Run ok =
          harness.run(
              harness.plan(
                  bundle,
                  BundleType.TGZ,
                  "d-http",
                  PlanOptions.defaults().withLocation(base + "web.tgz?X-Amz-Signature=s3cr3t")));

      assertThat(ok.exitCode()).as(ok.stdout()).isZero();
      assertThat(ok.result().downloaded()).isTrue();
      assertThat(missing.exitCode()).isEqualTo(1);
      assertThat(missing.event("DownloadBundle").errorCode()).contains("BundleDownloadFailed");
      assertThat(missing.event("DownloadBundle").message()).get().asString().contains("404");
      assertThat(missing.stdout()).doesNotContain("s3cr3t");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void retriesADownloadThatIsThrottledButNotOneThatIsRefusedOrTooLarge() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path bundle = TestBundles.copy("webapp-v1", temp);
    HostPlan local = harness.plan(bundle, BundleType.TGZ, "d-throttled", PlanOptions.defaults());
    byte[] archive = Files.readAllBytes(Path.of(local.revision().location()));
    AtomicInteger throttledRequests = new AtomicInteger();
    AtomicInteger refusedRequests = new AtomicInteger();
    AtomicInteger largeRequests = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/bundles/web.tgz",
        exchange -> {
          // S3 under load: 503 SlowDown four times, then the object.
          boolean slowDown = throttledRequests.incrementAndGet() <= 4;
          respond(
              exchange,
              slowDown ? 503 : 200,
              slowDown ? "<Error><Code>SlowDown</Code></Error>".getBytes(UTF_8) : archive);
        });
    server.createContext(
        "/bundles/denied.tgz",
        exchange -> {
          refusedRequests.incrementAndGet();
          exchange.sendResponseHeaders(403, -1);
          exchange.close();
        });
    server.createContext(
        "/bundles/large.tgz",
        exchange -> {
          largeRequests.incrementAndGet();
          respond(exchange, 200, archive);
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/bundles/";
      Run denied =
          harness.run(
              harness.plan(
                  bundle,
                  BundleType.TGZ,
                  "d-denied",
                  PlanOptions.defaults().withLocation(base + "denied.tgz")));
      Run large =
          harness.run(
              harness.plan(
                  bundle,
                  BundleType.TGZ,
                  "d-large",
                  PlanOptions.defaults().withLocation(base + "large.tgz")),
              "--max-bundle-bytes",
              "16");
      Run ok =
          harness.run(
              harness.plan(
                  bundle,
                  BundleType.TGZ,
                  "d-throttled",
                  PlanOptions.defaults().withLocation(base + "web.tgz")));

      assertThat(ok.exitCode()).as(ok.stdout()).isZero();
      assertThat(throttledRequests).hasValue(5);
      assertThat(denied.event("DownloadBundle").message()).get().asString().contains("403");
      assertThat(refusedRequests).hasValue(1);
      assertThat(large.event("DownloadBundle").message())
          .get()
          .asString()
          .contains("larger than 16 bytes");
      assertThat(largeRequests).hasValue(1);
    } finally {
      server.stop(0);
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void planAsBase64ArgumentOrOnStandardInput() throws Exception {
    RunnerHarness harness = new RunnerHarness(temp);
    Path bundle = TestBundles.copy("webapp-v1", temp);
    HostPlan plan = harness.plan(bundle, BundleType.ZIP, "d-b64", PlanOptions.defaults());
    Path runner = harness.work.resolve("fleetdeploy_runner.py");

    Run viaArgument =
        harness.exec(
            List.of(
                "python3",
                runner.toString(),
                "--plan-base64",
                HostPlanCodec.toBase64(plan),
                "--root",
                harness.root.toString()));
    Path planFile =
        Files.writeString(
            harness.work.resolve("stdin.json"),
            HostPlanCodec.toJson(RunnerHarness.withDeploymentId(plan, "d-stdin")));
    Process viaStdin =
        new ProcessBuilder("python3", runner.toString(), "--root", harness.root.toString())
            .redirectInput(planFile.toFile())
            .redirectErrorStream(true)
            .start();
    String stdinOutput = new String(viaStdin.getInputStream().readAllBytes(), UTF_8);

    assertThat(viaArgument.exitCode()).as(viaArgument.stdout()).isZero();
    assertThat(viaStdin.waitFor()).as(stdinOutput).isZero();
    assertThat(stdinOutput)
        .contains("FLEETDEPLOY-RESULT {\"deploymentId\":\"d-stdin\",\"status\":\"Succeeded\"");
  }

  @Test
  void badPlanOrArgumentsExitWithTwoAndAResultLine() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path runner = harness.work.resolve("fleetdeploy_runner.py");
    Path badPlan =
        Files.writeString(
            harness.work.resolve("bad.json"),
            "{\"formatVersion\":1,\"deploymentId\":\"../../etc\",\"deploymentGroupId\":\"g\"}");

    Run unsafeId =
        harness.exec(
            List.of(
                "python3",
                runner.toString(),
                "--plan-file",
                badPlan.toString(),
                "--root",
                harness.root.toString()));
    Run unknownEvent =
        harness.exec(
            List.of(
                "python3",
                runner.toString(),
                "--plan-file",
                badPlan.toString(),
                "--events",
                "Deploy"));

    assertThat(unsafeId.exitCode()).isEqualTo(2);
    assertThat(unsafeId.result().error())
        .get()
        .asString()
        .contains("deploymentId must be a safe id");
    assertThat(unsafeId.stderr()).contains("invalid plan");
    assertThat(unknownEvent.exitCode()).isEqualTo(2);
    assertThat(unknownEvent.result().error())
        .get()
        .asString()
        .contains("unknown lifecycle event(s) Deploy");
    assertThat(harness.root.resolve("var")).doesNotExist();
  }

  @Test
  void secondRunForTheSameGroupWaitsForTheLockThenFailsClearly() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    HostPlan plan =
        harness.plan(
            TestBundles.copy("webapp-v1", temp),
            BundleType.TGZ,
            "d-locked",
            PlanOptions.defaults());
    Path lockFile = harness.groupState().resolve("lock");
    Files.createDirectories(lockFile.getParent());

    Run run;
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      run = harness.run(plan, "--lock-timeout", "1");
    }
    Run afterwards = harness.run(plan);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.result().error())
        .get()
        .asString()
        .contains(
            "another fleetdeploy runner", "is deploying to this deployment group on this host");
    assertThat(afterwards.exitCode()).as(afterwards.stdout()).isZero();
    assertThat(afterwards.result().replay()).isFalse();
  }

  @Test
  void eventsOptionRunsOnlyTheChosenEvents() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    HostPlan plan =
        harness.plan(
            TestBundles.copy("webapp-v1", temp), BundleType.TGZ, "d-some", PlanOptions.defaults());

    Run run = harness.run(plan, "--events", "BeforeInstall,Install");

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(run.result().events())
        .extracting(e -> e.name() + "=" + e.status())
        .containsExactly(
            "ApplicationStop=Skipped",
            "DownloadBundle=Succeeded",
            "BeforeInstall=Succeeded",
            "Install=Succeeded",
            "AfterInstall=Skipped",
            "ApplicationStart=Skipped",
            "ValidateService=Skipped");
    assertThat(run.event("AfterInstall").message()).contains("not selected with --events");
    assertThat(harness.host("/opt/webapp/index.html")).exists();
    assertThat(run.outcome()).isInstanceOf(HostRunOutcome.Reported.class);
    assertThat(run.event("Install").status()).isEqualTo(EventStatus.Succeeded);
  }
}
