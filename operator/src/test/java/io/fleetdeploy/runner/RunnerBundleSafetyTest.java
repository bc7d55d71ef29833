package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TarArchiveWriter;
import io.fleetdeploy.appspec.TarEntry;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.Revision;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile bundles: the runner refuses them before writing anything outside its staging directory,
 * and before ApplicationStop touches the running application.
 */
class RunnerBundleSafetyTest {
  private static final byte[] APPSPEC =
      """
      version: 0.0
      os: linux
      files:
        - source: /
          destination: /opt/app
      hooks:
        BeforeInstall:
          - location: scripts/ok.sh
      """
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;
  RunnerHarness harness;
  AppSpec appSpec;

  @BeforeEach
  void setUp() {
    harness = new RunnerHarness(temp);
    appSpec =
        AppSpecParser.parse("appspec.yml", new String(APPSPEC, StandardCharsets.UTF_8))
            .appSpec()
            .orElseThrow();
  }

  interface TarContent {
    void write(TarArchiveWriter tar) throws IOException;
  }

  private Path tar(String name, TarContent content) throws IOException {
    Path archive = harness.work.resolve(name);
    try (TarArchiveWriter tar = new TarArchiveWriter(Files.newOutputStream(archive))) {
      tar.addFile("appspec.yml", 0644, APPSPEC);
      tar.addFile("scripts/ok.sh", 0755, "#!/bin/sh\necho ok\n".getBytes(StandardCharsets.UTF_8));
      content.write(tar);
    }
    return archive;
  }

  private Run deploy(Path archive, BundleType type) {
    return harness.run(
        harness.planFor(
            appSpec,
            archive,
            type,
            "d-" + UUID.randomUUID().toString().substring(0, 8),
            PlanOptions.defaults()),
        "--max-expanded-bytes",
        "100000");
  }

  private void assertRefusedAndNothingWritten(Run run, String messageFragment) throws IOException {
    assertThat(run.exitCode()).as(run.stdout()).isEqualTo(1);
    assertThat(run.event("DownloadBundle").status()).isEqualTo(EventStatus.Failed);
    assertThat(run.event("DownloadBundle").errorCode()).contains("BundleUnsafe");
    assertThat(run.event("DownloadBundle").message()).get().asString().contains(messageFragment);
    assertThat(run.event("Install").status()).isEqualTo(EventStatus.Skipped);
    assertThat(harness.host("/opt/app")).doesNotExist();
    try (Stream<Path> left = Files.list(harness.groupState().resolve("revisions"))) {
      assertThat(left).as("nothing left in the revision cache").isEmpty();
    }
    try (Stream<Path> all = Files.walk(temp)) {
      assertThat(all.filter(p -> p.getFileName().toString().startsWith("evil"))).isEmpty();
    }
  }

  @Test
  void zipSlipEntryIsRefused() throws IOException {
    Path archive = harness.work.resolve("slip.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
      zip.putNextEntry(new ZipEntry("appspec.yml"));
      zip.write(APPSPEC);
      zip.putNextEntry(new ZipEntry("scripts/../../../../evil.txt"));
      zip.write("pwned".getBytes(StandardCharsets.UTF_8));
    }

    assertRefusedAndNothingWritten(
        deploy(archive, BundleType.ZIP), "'..' would climb out of the bundle");
  }

  @Test
  void absolutePathIsRefused() throws IOException {
    Path outside = Path.of("/tmp", "evil-" + UUID.randomUUID());
    Path archive = tar("absolute.tar", t -> t.addFile(outside.toString(), 0644, new byte[] {1}));

    assertRefusedAndNothingWritten(
        deploy(archive, BundleType.TAR), "absolute paths are not allowed");
    assertThat(outside).doesNotExist();
  }

  @Test
  void symlinkPointingOutIsRefused() throws IOException {
    Path archive =
        tar(
            "link.tar",
            t -> {
              t.addSymlink("conf", "../../../../../../../../evil-dir");
              t.addFile("conf/evil.txt", 0644, new byte[] {1});
            });

    // Refused at its second entry already: nothing is ever written through a link of the bundle.
    assertRefusedAndNothingWritten(
        deploy(archive, BundleType.TAR), "its path goes through the symbolic link conf");
  }

  @Test
  void absoluteSymlinkIsRefused() throws IOException {
    Path archive = tar("etc.tar", t -> t.addSymlink("etc", "/etc"));

    assertRefusedAndNothingWritten(
        deploy(archive, BundleType.TAR), "symbolic link to /etc points outside");
  }

  @Test
  void deviceEntryIsRefused() throws IOException {
    Path archive =
        tar(
            "device.tar",
            t -> t.addEntry("evil-null", TarEntry.CHARACTER_DEVICE, 0666, new byte[0], ""));

    assertRefusedAndNothingWritten(
        deploy(archive, BundleType.TAR), "device and fifo entries are not allowed");
  }

  @Test
  void expansionPastTheCapIsRefused() throws IOException {
    Path archive = tar("bomb.tar", t -> t.addFile("big.bin", 0644, new byte[200_000]));

    assertRefusedAndNothingWritten(
        deploy(archive, BundleType.TAR), "expands to more than 100000 bytes");
  }

  @Test
  void checksumMismatchStopsBeforeUnpackingAndLeavesTheApplicationRunning() throws IOException {
    Path good = tar("good.tar", t -> {});
    Path tampered = tar("tampered.tar", t -> t.addFile("evil.sh", 0755, new byte[] {1}));
    HostPlan plan =
        harness.planFor(appSpec, good, BundleType.TAR, "d-mismatch", PlanOptions.defaults());
    HostPlan swapped =
        new HostPlan(
            plan.deploymentId(),
            plan.applicationName(),
            plan.deploymentGroupName(),
            plan.deploymentGroupId(),
            new Revision(
                tampered.toString(),
                BundleType.TAR,
                plan.revision().sha256(),
                java.util.Optional.empty()),
            plan.events(),
            plan.hooks(),
            plan.install(),
            false,
            plan.environment());

    Run run = harness.run(swapped);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.event("DownloadBundle").errorCode()).contains("BundleChecksumMismatch");
    assertThat(run.event("ApplicationStop").message())
        .get()
        .asString()
        .contains("application was left running");
    assertThat(harness.host("/opt/app")).doesNotExist();
    try (Stream<Path> left = Files.list(harness.groupState().resolve("revisions"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void safeArchiveWithInternalLinksUnpacks() throws IOException {
    Path archive =
        tar(
            "fine.tar",
            t -> {
              t.addDirectory("lib/v1", 0755);
              t.addFile("lib/v1/app.jar", 0644, new byte[] {42});
              t.addSymlink("lib/current", "v1");
              t.addEntry("lib/copy.jar", TarEntry.HARD_LINK, 0644, new byte[0], "lib/v1/app.jar");
            });

    Run run = deploy(archive, BundleType.TAR);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(harness.host("/opt/app/lib/current")).isSymbolicLink();
    assertThat(harness.host("/opt/app/lib/current/app.jar")).hasBinaryContent(new byte[] {42});
    assertThat(harness.host("/opt/app/lib/copy.jar")).hasBinaryContent(new byte[] {42});
  }
}
