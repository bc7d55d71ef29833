package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Symbolic links at install time: every path is resolved against the real destination, a link that
 * would lead out of its destination (or out of the root prefix) is refused, nothing is written
 * through a link below a destination or through a link another deployment installed, and
 * permissions never follow links.
 */
class RunnerSymlinkEscapeTest {
  @TempDir Path temp;
  RunnerHarness harness;
  Path bundle;

  @BeforeEach
  void setUp() throws IOException {
    harness = new RunnerHarness(temp);
    bundle = Files.createDirectories(temp.resolve("bundle"));
    Files.createDirectories(bundle.resolve("app"));
    Files.writeString(bundle.resolve("app/index.html"), "hello\n");
  }

  private void appSpec(String yaml) throws IOException {
    Files.writeString(bundle.resolve("appspec.yml"), "version: 0.0\nos: linux\n" + yaml);
  }

  /** The plan as the runner would get it, even for bundles the operator refuses. */
  private HostPlan plan(String deploymentId) throws IOException {
    AppSpec appSpec =
        AppSpecParser.parse("appspec.yml", Files.readString(bundle.resolve("appspec.yml")))
            .appSpec()
            .orElseThrow();
    Path archive =
        TestBundles.pack(bundle, BundleType.TAR, harness.work.resolve(deploymentId + ".tar"));
    return harness.planFor(appSpec, archive, BundleType.TAR, deploymentId, PlanOptions.defaults());
  }

  @Test
  void aLinkInsideTheBundleThatLeavesItsDestinationIsRefusedByTheOperatorAndTheRunner()
      throws IOException {
    Files.createSymbolicLink(bundle.resolve("app/up"), Path.of(".."));
    appSpec(
        """
        files:
          - source: app
            destination: /opt/app
        permissions:
          - object: /opt/app
            mode: 700
            type: [file]
        """);
    Files.createDirectories(harness.host("/opt"));
    String modeBefore = mode(harness.host("/opt"));

    Run run = harness.run(plan("d-up"));

    String message = "the symbolic link app/up (to ..) would point outside /opt/app once installed";
    assertThat(AppSpecCheck.check(bundle).summary()).contains("files[0].source: " + message);
    assertThat(run.event("Install").status()).isEqualTo(EventStatus.Failed);
    assertThat(run.event("Install").errorCode()).contains("BundleUnsafe");
    assertThat(run.event("Install").message()).get().asString().contains("files[0]: " + message);
    assertThat(harness.host("/opt/app/up")).doesNotExist();
    assertThat(mode(harness.host("/opt"))).isEqualTo(modeBefore);
  }

  @Test
  void permissionsNeverFollowALinkToAFileTheDeploymentDidNotInstall() throws IOException {
    Path hostFile =
        Files.writeString(
            Files.createDirectories(harness.host("/opt/app")).resolve("host.conf"), "mine\n");
    Files.setPosixFilePermissions(hostFile, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(bundle.resolve("app/conf"), Path.of("host.conf"));
    appSpec(
        """
        files:
          - source: app
            destination: /opt/app
        permissions:
          - object: /opt/app
            pattern: "**"
            mode: 600
            type: [file]
        """);

    Run run = harness.run(plan("d-perm"));

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(harness.host("/opt/app/conf")).isSymbolicLink();
    assertThat(mode(harness.host("/opt/app/index.html"))).isEqualTo("rw-------");
    assertThat(mode(hostFile))
        .as("the link's target is not this deployment's")
        .isEqualTo("rw-r--r--");
  }

  @Test
  void aLinkAnotherGroupInstalledIsNotInstalledThrough() throws IOException {
    Files.createDirectories(bundle.resolve("app/data"));
    Files.createSymbolicLink(bundle.resolve("app/current"), Path.of("data"));
    appSpec(
        """
        files:
          - source: app
            destination: /opt/shared
        """);
    assertThat(harness.run(plan("d-group-a")).exitCode()).isZero();
    appSpec(
        """
        files:
          - source: app/index.html
            destination: /opt/shared/current/b
        """);

    Run run = harness.run(RunnerHarness.withGroup(plan("d-group-b"), "dg-other"));

    assertThat(run.event("Install").status()).isEqualTo(EventStatus.Failed);
    assertThat(run.event("Install").errorCode()).contains("DestinationUnsafe");
    assertThat(run.event("Install").message())
        .get()
        .asString()
        .contains(
            "the destination /opt/shared/current/b goes through /opt/shared/current, a symbolic link that a fleetdeploy"
                + " deployment installed (deployment group "
                + RunnerHarness.GROUP_ID
                + ")");
    assertThat(harness.host("/opt/shared/data/b")).doesNotExist();
  }

  @Test
  void aDestinationThatResolvesOutsideTheRootPrefixIsRefused() throws IOException {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.createSymbolicLink(harness.host("/opt"), outside);
    appSpec(
        """
        files:
          - source: app
            destination: /opt/app
        """);

    Run run = harness.run(plan("d-root"));

    assertThat(run.event("Install").errorCode()).contains("DestinationUnsafe");
    assertThat(run.event("Install").message())
        .get()
        .asString()
        .contains(
            "files[0]: the destination /opt/app resolves to "
                + outside.toRealPath().resolve("app")
                + ", outside the root prefix");
    assertThat(outside.resolve("app")).doesNotExist();
  }

  @Test
  void aLinkOnTheHostBelowTheDestinationIsNotWrittenThrough() throws IOException {
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Files.createSymbolicLink(
        Files.createDirectories(harness.host("/opt/app")).resolve("logs"), elsewhere);
    Files.createDirectories(bundle.resolve("app/logs"));
    Files.writeString(bundle.resolve("app/logs/x.log"), "log\n");
    appSpec(
        """
        files:
          - source: app
            destination: /opt/app
        file_exists_behavior: OVERWRITE
        """);

    Run run = harness.run(plan("d-below"));

    assertThat(run.event("Install").errorCode()).contains("DestinationUnsafe");
    assertThat(run.event("Install").message())
        .get()
        .asString()
        .contains(
            "/opt/app/logs is a symbolic link on this host (to "
                + elsewhere
                + "), below the destination /opt/app");
    assertThat(elsewhere.resolve("x.log")).doesNotExist();
    assertThat(harness.host("/opt/app/index.html")).doesNotExist();
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
