package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.AppSpecReport;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.CraftedArchives;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles that expand a thousand times: the operator refuses a zip bomb on its declared sizes,
 * before inflating anything, and stops a tgz bomb as soon as it passes the cap; the host runner
 * refuses them with the same rule.
 */
class BundleBombTest {
  private static final String RATIO = "the bundle expands to more than 100 times its size of ";

  @TempDir Path temp;

  @Test
  void aZipBombIsRefusedOnItsDeclaredSizesBeforeAnythingIsInflated() throws IOException {
    // 1 GiB of zeros declared in 64 entries, about 1 MB of archive.
    Path bomb = Files.write(temp.resolve("bomb.zip"), CraftedArchives.zipBomb(64, 16 << 20));

    long start = System.nanoTime();
    AppSpecReport report = AppSpecCheck.check(bomb, BundleType.ZIP, "s3://b/bomb.zip");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(report.summary())
        .contains(RATIO + Files.size(bomb) + " bytes", "the shape of a zip bomb");
    assertThat(took).as("nothing was inflated").isLessThan(Duration.ofMillis(500));
    assertThat(runnerVerdict(bomb, BundleType.ZIP)).contains(RATIO + Files.size(bomb) + " bytes");
  }

  @Test
  void aTgzBombIsStoppedOnceItPassesTheCap() throws IOException {
    // 512 MiB of zeros in 32 gzip members: refused after 256 MiB, not after 512.
    Path bomb = Files.write(temp.resolve("bomb.tgz"), CraftedArchives.tgzBomb(32, 16 << 20));

    AppSpecReport report = AppSpecCheck.check(bomb, BundleType.TGZ, "s3://b/bomb.tgz");

    assertThat(report.summary()).contains(RATIO + Files.size(bomb) + " bytes", "256 MiB");
    assertThat(runnerVerdict(bomb, BundleType.TGZ)).contains(RATIO + Files.size(bomb) + " bytes");
  }

  @Test
  void aLargeBundleWithAModestRatioPasses() throws IOException {
    // Half a GiB declared by 1 MiB entries of zeros stored, not deflated: ratio 1.
    Path archive = temp.resolve("stored.zip");
    try (java.util.zip.ZipOutputStream zip =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(archive))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("appspec.yml"));
      zip.write(CraftedArchives.APPSPEC);
      zip.setLevel(0);
      for (int i = 0; i < 300; i++) {
        zip.putNextEntry(new java.util.zip.ZipEntry("data/" + i + ".bin"));
        zip.write(new byte[1 << 20]);
      }
    }

    assertThat(AppSpecCheck.check(archive, BundleType.ZIP, "s3://b/stored.zip").isDeployable())
        .isTrue();
  }

  private String runnerVerdict(Path archive, BundleType type) {
    RunnerHarness harness = new RunnerHarness(temp.resolve("runner-" + type.wireName()));
    AppSpec appSpec =
        AppSpecParser.parse(
                "appspec.yml", new String(CraftedArchives.APPSPEC, StandardCharsets.UTF_8))
            .appSpec()
            .orElseThrow();
    Run run =
        harness.run(harness.planFor(appSpec, archive, type, "d-bomb", PlanOptions.defaults()));
    assertThat(run.event("DownloadBundle").errorCode()).contains("BundleUnsafe");
    assertThat(harness.host("/opt/app")).doesNotExist();
    return run.event("DownloadBundle").message().orElseThrow();
  }
}
