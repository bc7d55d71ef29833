package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.hostplan.EventResult;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.S3Location;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hook scripts run by the real runner: every outcome code, the environment, runas and output
 * bounds.
 */
class RunnerScriptsTest {

  @TempDir Path temp;
  RunnerHarness harness;
  Path bundle;

  @BeforeEach
  void setUp() {
    harness = new RunnerHarness(temp);
    bundle = TestBundles.copy("scripts-lab", temp);
  }

  private Run deploy(String hooksYaml, String deploymentId) throws IOException {
    return deploy(hooksYaml, deploymentId, BundleType.TGZ, PlanOptions.defaults());
  }

  private Run deploy(String hooksYaml, String deploymentId, BundleType type, PlanOptions options)
      throws IOException {
    Files.writeString(bundle.resolve("appspec.yml"), "version: 0.0\nos: linux\n" + hooksYaml);
    return harness.run(harness.plan(bundle, type, deploymentId, options));
  }

  @Test
  void missingScriptFailsTheEventAndSkipsTheRest() throws IOException {
    Run run =
        deploy(
            """
        hooks:
          AfterInstall:
            - location: scripts/not-there.sh
          ApplicationStart:
            - location: scripts/ok.sh
        """,
            "d-missing");

    assertThat(run.exitCode()).isEqualTo(1);
    EventResult event = run.event("AfterInstall");
    assertThat(event.status()).isEqualTo(EventStatus.Failed);
    assertThat(event.errorCode()).contains("ScriptMissing");
    assertThat(event.scriptName()).contains("scripts/not-there.sh");
    assertThat(run.event("ApplicationStart").status()).isEqualTo(EventStatus.Skipped);
    assertThat(run.result().failedEvent()).contains(event);
  }

  @Test
  void scriptWithoutExecuteBitIsMadeExecutableAndRuns() throws IOException {
    Files.setPosixFilePermissions(
        bundle.resolve("scripts/noexec.sh"), PosixFilePermissions.fromString("rw-r--r--"));

    Run run =
        deploy(
            """
        hooks:
          AfterInstall:
            - location: scripts/noexec.sh
        """,
            "d-noexec",
            BundleType.TAR,
            PlanOptions.defaults());

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(harness.host("/tmp/noexec.txt")).content().contains("ran although");
    assertThat(harness.groupState().resolve("logs/d-noexec.log"))
        .content()
        .contains("scripts/noexec.sh was not executable: made it executable");
  }

  @Test
  void nonZeroExitIsScriptFailedWithTheTailOfItsOutput() throws IOException {
    Run run =
        deploy(
            """
        hooks:
          BeforeInstall:
            - location: scripts/ok.sh
          AfterInstall:
            - location: scripts/ok.sh
            - location: scripts/fail.sh
        """,
            "d-fail");

    EventResult event = run.event("AfterInstall");
    assertThat(event.errorCode()).contains("ScriptFailed");
    assertThat(event.message())
        .get()
        .asString()
        .contains("scripts/fail.sh failed with exit code 3");
    assertThat(event.logTail())
        .get()
        .asString()
        .contains(
            "[stdout]ok from AfterInstall",
            "[stdout]checking the configuration",
            "[stderr]config/app.conf: port is missing");
    assertThat(run.stdout()).contains("AfterInstall", "Failed", "ScriptFailed scripts/fail.sh");
  }

  @Test
  void timeoutKillsTheWholeProcessGroup() throws IOException {
    String id = "d-timeout-" + UUID.randomUUID().toString().substring(0, 8);

    Run run =
        deploy(
            """
        hooks:
          ApplicationStart:
            - location: scripts/slow.sh
              timeout: 2
        """,
            id);

    EventResult event = run.event("ApplicationStart");
    assertThat(event.errorCode()).contains("ScriptTimedOut");
    assertThat(event.message()).get().asString().contains("failed to complete in 2 seconds");
    assertThat(event.logTail()).get().asString().contains("waiting forever");
    assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
    assertThat(RunnerHarness.processesOf(id)).as("processes left behind").isEmpty();
  }

  @Test
  void backgroundChildHoldingTheOutputIsReportedWithinSeconds() throws IOException {
    String id = "d-bg-" + UUID.randomUUID().toString().substring(0, 8);

    Run run =
        deploy(
            """
        hooks:
          ApplicationStart:
            - location: scripts/background.sh
              timeout: 300
        """,
            id);

    EventResult event = run.event("ApplicationStart");
    assertThat(event.errorCode()).contains("OutputsLeftOpen");
    assertThat(event.message()).get().asString().contains("nohup", "2>&1");
    assertThat(event.logTail()).get().asString().contains("server started");
    assertThat(run.took()).isLessThan(Duration.ofSeconds(10));
    assertThat(RunnerHarness.processesOf(id)).as("processes left behind").isEmpty();
  }

  @Test
  void hookScriptsSeeTheCodeDeployEnvironment() throws IOException {
    PlanOptions fromS3 =
        PlanOptions.defaults()
            .withS3(
                new S3Location(
                    "bundles", "web/web-1.4.2.tgz", Optional.of("v7"), Optional.of("\"abc\"")));

    Run run =
        deploy(
            """
        hooks:
          BeforeInstall:
            - location: scripts/env.sh
          ValidateService:
            - location: scripts/env.sh
        """,
            "d-env",
            BundleType.TGZ,
            fromS3);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(Files.readAllLines(harness.host("/tmp/env-ValidateService.txt")))
        .containsExactly(
            "APPLICATION_NAME=webshop",
            "BUNDLE_BUCKET=bundles",
            "BUNDLE_ETAG=\"abc\"",
            "BUNDLE_KEY=web/web-1.4.2.tgz",
            "BUNDLE_VERSION=v7",
            "DEPLOYMENT_GROUP_ID=dg-web",
            "DEPLOYMENT_GROUP_NAME=web-prod",
            "DEPLOYMENT_ID=d-env",
            "LIFECYCLE_EVENT=ValidateService");
    assertThat(harness.host("/tmp/env-BeforeInstall.txt"))
        .content()
        .contains("LIFECYCLE_EVENT=BeforeInstall");
  }

  @Test
  void runasRootRunsAsRootAndAnUnknownUserFailsClearly() throws IOException {
    assumeTrue("root".equals(System.getProperty("user.name")), "runas needs the runner to be root");

    Run asRoot =
        deploy(
            """
        hooks:
          AfterInstall:
            - location: scripts/whoami.sh
              runas: root
        """,
            "d-root");
    Run asNobodyKnown =
        deploy(
            """
        hooks:
          AfterInstall:
            - location: scripts/whoami.sh
              runas: no-such-user-fd
        """,
            "d-unknown-user");

    assertThat(asRoot.exitCode()).as(asRoot.stdout()).isZero();
    assertThat(harness.host("/tmp/whoami.txt")).hasContent("root");
    assertThat(asNobodyKnown.event("AfterInstall").errorCode()).contains("ScriptFailed");
    assertThat(asNobodyKnown.event("AfterInstall").message())
        .get()
        .asString()
        .contains("cannot run as user 'no-such-user-fd': no such user on this host");
  }

  @Test
  void chattyScriptKeepsTheResultSmall() throws IOException {
    Run run =
        deploy(
            """
        hooks:
          ValidateService:
            - location: scripts/noisy.sh
        """,
            "d-noisy");

    String tail = run.event("ValidateService").logTail().orElseThrow();
    // The last 4 KiB, as CodeDeploy's logTail: not the first lines, not a shorter end.
    assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isBetween(4000, 4096);
    assertThat(tail).endsWith("[stdout]the last words\n").doesNotContain("line 0 of");
    assertThat(run.stdout().length()).isLessThan(24_000);
    assertThat(harness.groupState().resolve("logs/d-noisy.log"))
        .content()
        .contains("line 0 of", "line 19999 of");
    // Without --log-stderr the log stays on the host (fleetdeploy local prints its own summary).
    assertThat(run.stderr()).doesNotContain("line 0 of");
  }

  @Test
  void logStderrCopiesTheWholeDeploymentLogToStderrAsItIsWritten() throws IOException {
    Files.writeString(
        bundle.resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        hooks:
          ValidateService:
            - location: scripts/noisy.sh
        """);
    Run run =
        harness.run(
            harness.plan(bundle, BundleType.TGZ, "d-noisy-stderr", PlanOptions.defaults()),
            "--log-stderr");

    assertThat(run.stderr())
        .contains("LifecycleEvent - ValidateService", "Script - scripts/noisy.sh")
        .contains("[stdout]line 0 of", "[stdout]line 19999 of", "[stdout]the last words");
    // stdout keeps its size: the result line with the 4 KiB tail and the progress lines.
    assertThat(run.stdout().length()).isLessThan(24_000);
    assertThat(run.event("ValidateService").logTail().orElseThrow())
        .endsWith("[stdout]the last words\n");
  }

  @Test
  void stopFailuresFailLaterDeploymentsUnlessIgnored() throws IOException {
    String hooks =
        """
        hooks:
          ApplicationStop:
            - location: scripts/fail.sh
          ValidateService:
            - location: scripts/ok.sh
        """;
    assertThat(deploy(hooks, "d-a").exitCode()).isZero();

    Run blocked = deploy(hooks, "d-b");
    Run ignoring =
        deploy(hooks, "d-c", BundleType.TGZ, PlanOptions.defaults().ignoringStopFailures());

    assertThat(blocked.exitCode()).isEqualTo(1);
    assertThat(blocked.event("ApplicationStop").errorCode()).contains("ScriptFailed");
    assertThat(blocked.event("ApplicationStop").scriptsFrom()).contains("d-a");
    assertThat(blocked.event("DownloadBundle").status()).isEqualTo(EventStatus.Skipped);
    assertThat(ignoring.exitCode()).as(ignoring.stdout()).isZero();
    assertThat(ignoring.event("ApplicationStop").status()).isEqualTo(EventStatus.Failed);
    assertThat(ignoring.event("ApplicationStop").ignored()).isTrue();
    assertThat(ignoring.event("ValidateService").status()).isEqualTo(EventStatus.Succeeded);
  }

  @Test
  void aclsAndSelinuxContextNeedTheirToolsAndSaySo() throws IOException {
    assumeTrue(!onPath("setfacl") && !onPath("semanage"), "this host has setfacl or semanage");
    Files.writeString(bundle.resolve("appspec.yml"), "");

    Run acls =
        deploy(
            """
        files:
          - source: site
            destination: /srv/site
        permissions:
          - object: /srv/site
            acls: ["u:root:rw"]
        """,
            "d-acl");
    Run context =
        deploy(
            """
        files:
          - source: site
            destination: /srv/site2
        permissions:
          - object: /srv/site2
            context:
              type: httpd_sys_content_t
        """,
            "d-context");

    assertThat(acls.event("Install").errorCode()).contains("PermissionsFailed");
    assertThat(acls.event("Install").message())
        .get()
        .asString()
        .contains("permissions[0]: acls need setfacl, which is not installed on this host");
    assertThat(context.event("Install").message())
        .get()
        .asString()
        .contains("permissions[0]: context need semanage");
  }

  @Test
  void leftoverProcessProbeSeesALiveProcess() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sleep", "30");
    builder.environment().put("DEPLOYMENT_ID", "d-probe");
    Process sleeper = builder.start();
    try {
      assertThat(RunnerHarness.processesOf("d-probe")).contains(sleeper.pid());
    } finally {
      sleeper.destroyForcibly().waitFor();
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
