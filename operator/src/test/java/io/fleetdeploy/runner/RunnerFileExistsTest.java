package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.FileExistsBehavior;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file_exists_behavior on a file the previous deployment did not install. */
class RunnerFileExistsTest {

  @TempDir Path temp;
  RunnerHarness harness;
  Path bundle;

  @BeforeEach
  void setUp() throws IOException {
    harness = new RunnerHarness(temp);
    bundle = TestBundles.copy("scripts-lab", temp);
    Files.writeString(
        bundle.resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        files:
          - source: site
            destination: /srv/site
        """);
    Path existing = harness.host("/srv/site/index.html");
    Files.createDirectories(existing.getParent());
    Files.writeString(existing, "edited on the host");
  }

  private Run deploy(FileExistsBehavior behavior) {
    return harness.run(
        harness.plan(
            bundle,
            BundleType.ZIP,
            "d-" + behavior.name().toLowerCase(Locale.ROOT),
            PlanOptions.defaults().withFileExistsBehavior(behavior)));
  }

  @Test
  void disallowFailsInstallBeforeCopyingAnything() {
    Run run = deploy(FileExistsBehavior.DISALLOW);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.event("Install").errorCode()).contains("FileAlreadyExists");
    assertThat(run.event("Install").message())
        .get()
        .asString()
        .contains("/srv/site/index.html already exists", "OVERWRITE or RETAIN");
    assertThat(harness.host("/srv/site/index.html")).hasContent("edited on the host");
    assertThat(harness.host("/srv/site/robots.txt")).doesNotExist();
  }

  @Test
  void overwriteReplacesTheFile() {
    Run run = deploy(FileExistsBehavior.OVERWRITE);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(harness.host("/srv/site/index.html")).hasContent("hello");
    assertThat(harness.host("/srv/site/robots.txt")).hasContent("static");
  }

  @Test
  void retainKeepsTheHostsCopy() {
    Run run = deploy(FileExistsBehavior.RETAIN);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(run.event("Install").status()).isEqualTo(EventStatus.Succeeded);
    assertThat(harness.host("/srv/site/index.html")).hasContent("edited on the host");
    assertThat(harness.host("/srv/site/robots.txt")).hasContent("static");
  }

  @Test
  void theAppSpecKeyWinsOverTheDeploymentSetting() throws IOException {
    Files.writeString(
        bundle.resolve("appspec.yml"),
        Files.readString(bundle.resolve("appspec.yml")) + "file_exists_behavior: OVERWRITE\n");

    Run run = deploy(FileExistsBehavior.DISALLOW);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(harness.host("/srv/site/index.html")).hasContent("hello");
  }
}
