package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** permissions as the agent applies them: to what Install placed, by pattern, except and type. */
class RunnerPermissionsTest {

  @TempDir Path temp;

  private Run deploy(RunnerHarness harness, String permissions) throws IOException {
    Path bundle = TestBundles.copy("scripts-lab", temp);
    Files.writeString(
        bundle.resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        files:
          - source: site
            destination: /srv/www
          - source: scripts
            destination: /srv/tools
        """
            + permissions);
    return harness.run(harness.plan(bundle, BundleType.TGZ, "d-perm", PlanOptions.defaults()));
  }

  @Test
  void patternExceptAndTypeSelectWhatGetsWhichMode() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);

    Run run =
        deploy(
            harness,
            """
        permissions:
          - object: /srv/www
            pattern: "*.txt"
            mode: 600
            type: [file]
          - object: /srv/tools
            except: [ok.sh]
            owner: root
            group: root
            mode: "0700"
            type: [file]
          - object: /srv
            mode: 750
            type: [directory]
        """);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(mode(harness, "/srv/www/robots.txt")).isEqualTo("rw-------");
    assertThat(mode(harness, "/srv/www/index.html")).isEqualTo("rw-r--r--");
    assertThat(mode(harness, "/srv/tools/fail.sh")).isEqualTo("rwx------");
    assertThat(mode(harness, "/srv/tools/ok.sh")).isEqualTo("rwxr-xr-x");
    assertThat(mode(harness, "/srv/www")).isEqualTo("rwxr-x---");
    assertThat(mode(harness, "/srv/tools")).isEqualTo("rwxr-x---");
    assertThat(mode(harness, "/srv")).as("never the object itself").isEqualTo("rwxr-xr-x");
  }

  @Test
  void unknownOwnerFailsInstallWithTheRuleNamed() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);

    Run run =
        deploy(
            harness,
            """
        permissions:
          - object: /srv/www
            owner: no-such-owner-fd
        """);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.event("Install").errorCode()).contains("PermissionsFailed");
    assertThat(run.event("Install").message())
        .contains("permissions[0]: owner 'no-such-owner-fd' does not exist on this host");
  }

  private static String mode(RunnerHarness harness, String path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(harness.host(path)));
  }
}
