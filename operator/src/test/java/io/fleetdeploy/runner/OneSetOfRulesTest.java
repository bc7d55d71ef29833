package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.AppSpecReport;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.CommandLineCapture;
import io.fleetdeploy.appspec.CraftedArchives;
import io.fleetdeploy.appspec.TarArchiveWriter;
import io.fleetdeploy.appspec.TarEntry;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One set of rules: every bundle the host runner refuses to unpack, {@code appspec check} and the
 * operator's preparation refuse too, with the same words, before any host is touched.
 */
class OneSetOfRulesTest {
  @TempDir Path temp;
  RunnerHarness harness;
  AppSpec appSpec;

  @BeforeEach
  void setUp() {
    harness = new RunnerHarness(temp);
    appSpec =
        AppSpecParser.parse(
                "appspec.yml", new String(CraftedArchives.APPSPEC, StandardCharsets.UTF_8))
            .appSpec()
            .orElseThrow();
  }

  interface Entries {
    void write(TarArchiveWriter tar) throws IOException;
  }

  static Arguments tar(String what, String message, Entries entries) {
    return Arguments.of(what, message, entries);
  }

  static Stream<Arguments> refused() {
    byte[] one = {1};
    return Stream.of(
        tar(
            "absolute name",
            "/tmp/evil-abs: absolute paths are not allowed in a bundle",
            t -> t.addFile("/tmp/evil-abs", 0644, one)),
        tar(
            "'..' in a name",
            "a/../../evil: '..' would climb out of the bundle",
            t -> t.addFile("a/../../evil", 0644, one)),
        tar(
            "link out",
            "conf: symbolic link to ../../etc points outside the bundle",
            t -> t.addSymlink("conf", "../../etc")),
        tar(
            "absolute link",
            "etc: symbolic link to /etc points outside the bundle",
            t -> t.addSymlink("etc", "/etc")),
        // Inside when written, outside once a later entry makes 'a' a link to the bundle root.
        tar(
            "chained links",
            "esc: symbolic link to a/b/../.. points outside the bundle",
            t -> {
              t.addDirectory("b", 0755);
              t.addSymlink("esc", "a/b/../..");
              t.addSymlink("a", ".");
            }),
        tar(
            "link loop",
            "x: symbolic link to y resolves through more than 40 links (a loop)",
            t -> {
              t.addSymlink("x", "y");
              t.addSymlink("y", "x");
            }),
        tar(
            "path through a link",
            "lib/evil: its path goes through the symbolic link lib of the bundle",
            t -> {
              t.addDirectory("sub", 0755);
              t.addSymlink("lib", "sub");
              t.addFile("lib/evil", 0644, one);
            }),
        tar(
            "character device",
            "evil-null: device and fifo entries are not allowed",
            t -> t.addEntry("evil-null", TarEntry.CHARACTER_DEVICE, 0666, new byte[0], "")),
        tar(
            "fifo",
            "evil-fifo: device and fifo entries are not allowed",
            t -> t.addEntry("evil-fifo", TarEntry.FIFO, 0666, new byte[0], "")),
        tar(
            "duplicate entry",
            "app/twice.txt: appears twice in the archive",
            t -> {
              t.addFile("app/twice.txt", 0644, one);
              t.addFile("app/twice.txt", 0644, one);
            }),
        tar(
            "file then directory",
            "app/x: appears twice in the archive",
            t -> {
              t.addFile("app/x", 0644, one);
              t.addDirectory("app/x", 0755);
            }),
        tar(
            "control character",
            "bad?name: control characters in a name",
            t -> t.addFile("bad\tname", 0644, one)),
        tar(
            "name part too long",
            ": a name part is longer than 255 bytes, which Linux file systems cannot store",
            t -> t.addFile("app/" + "x".repeat(256), 0644, one)),
        tar(
            "hard link to nothing",
            "copy: hard link to missing, which is not a file of the bundle",
            t -> t.addEntry("copy", TarEntry.HARD_LINK, 0644, new byte[0], "missing")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void theOperatorRefusesWhatTheRunnerRefusesWithTheSameWords(
      String what, String message, Entries entries) throws IOException {
    Path archive = harness.work.resolve("bundle.tar");
    try (TarArchiveWriter tar = new TarArchiveWriter(Files.newOutputStream(archive))) {
      tar.addFile("appspec.yml", 0644, CraftedArchives.APPSPEC);
      entries.write(tar);
    }

    AppSpecReport operator = AppSpecCheck.check(archive, BundleType.TAR, "s3://b/k");
    Run host =
        harness.run(
            harness.planFor(appSpec, archive, BundleType.TAR, "d-rules", PlanOptions.defaults()));

    assertThat(operator.isDeployable()).as("the operator refuses it").isFalse();
    assertThat(operator.summary()).contains(message);
    assertThat(host.event("DownloadBundle").status()).isEqualTo(EventStatus.Failed);
    assertThat(host.event("DownloadBundle").errorCode()).contains("BundleUnsafe");
    assertThat(host.event("DownloadBundle").message()).get().asString().contains(message);
    assertThat(harness.host("/opt/app")).doesNotExist();
    assertThat(Path.of("/tmp/evil-abs")).doesNotExist();
  }

  @Test
  void aMissingScriptOrSourceIsAnErrorUnlessLenient() throws IOException {
    Path bundle = Files.createDirectories(temp.resolve("bundle"));
    Files.writeString(
        bundle.resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        files:
          - source: site
            destination: /var/www
        hooks:
          ApplicationStart:
            - location: scripts/start.sh
        """);

    CommandLineCapture.Result strict =
        CommandLineCapture.run("appspec", "check", bundle.toString());
    CommandLineCapture.Result lenient =
        CommandLineCapture.run("appspec", "check", "--lenient", bundle.toString());

    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out())
        .contains(
            "ERROR "
                + bundle.resolve("appspec.yml")
                + ":4 files[0].source: 'site' is not in"
                + " the bundle: Install would fail",
            "ERROR "
                + bundle.resolve("appspec.yml")
                + ":8"
                + " hooks.ApplicationStart[0].location: script 'scripts/start.sh' is not in the bundle");
    assertThat(lenient.exitCode()).isZero();
    assertThat(lenient.out())
        .contains(
            "WARNING " + bundle.resolve("appspec.yml") + ":4 files[0].source",
            "WARNING " + bundle.resolve("appspec.yml") + ":8 hooks.ApplicationStart[0].location",
            "would deploy");
  }
}
