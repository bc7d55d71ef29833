package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.CraftedArchives;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Install is atomic and non-destructive: the new revision is staged and checked before anything of
 * the previous one changes; a full disk leaves the previous revision whole; and a runner killed
 * (SIGKILL) at any step leaves the host, after the next deployment or a replay, on exactly one
 * revision — files, links and directories (also ones that turn into files and back).
 */
class RunnerAtomicInstallTest {
  private static final String APPSPEC =
      """
      version: 0.0
      os: linux
      files:
        - source: app
          destination: /opt/app
      file_exists_behavior: DISALLOW
      """;
  private static final int SIGKILLED = 128 + 9;

  @TempDir Path temp;

  /** Revision 1: a.txt, only-v1.txt, sub/ (a directory), turns-dir (a file), cur -> a.txt. */
  private Path v1() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("v1/app/sub"));
    Files.writeString(dir.getParent().getParent().resolve("appspec.yml"), APPSPEC);
    Path app = dir.getParent();
    Files.writeString(app.resolve("a.txt"), "a v1\n");
    Files.writeString(app.resolve("only-v1.txt"), "v1\n");
    Files.writeString(app.resolve("sub/x.txt"), "x v1\n");
    Files.writeString(app.resolve("turns-dir"), "a file in v1\n");
    Files.createSymbolicLink(app.resolve("cur"), Path.of("a.txt"));
    return app.getParent();
  }

  /**
   * Revision 2: a.txt changed, only-v2.txt, sub (now a file), turns-dir/ (now a directory),
   * newdir/, cur -> only-v2.txt.
   */
  private Path v2() throws IOException {
    Path app = Files.createDirectories(temp.resolve("v2/app"));
    Files.writeString(app.getParent().resolve("appspec.yml"), APPSPEC);
    Files.writeString(app.resolve("a.txt"), "a v2\n");
    Files.writeString(app.resolve("only-v2.txt"), "v2\n");
    Files.writeString(app.resolve("sub"), "sub is a file in v2\n");
    Files.writeString(Files.createDirectories(app.resolve("turns-dir")).resolve("z.txt"), "z v2\n");
    Files.writeString(
        Files.createDirectories(app.resolve("newdir/deeper")).resolve("y.txt"), "y v2\n");
    Files.createSymbolicLink(app.resolve("cur"), Path.of("only-v2.txt"));
    return app.getParent();
  }

  /** What the host holds under /opt: every path with its kind and content (links not followed). */
  private static Map<String, String> snapshot(RunnerHarness harness) throws IOException {
    Map<String, String> found = new TreeMap<>();
    Path opt = harness.host("/opt");
    if (!Files.exists(opt)) {
      return found;
    }
    try (Stream<Path> walk = Files.walk(opt)) {
      for (Path path : walk.toList()) {
        String name = opt.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          found.put(name, "-> " + Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path)) {
          found.put(name, "dir");
        } else {
          found.put(name, Files.readString(path, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return found;
  }

  private Map<String, String> cleanInstallOf(Path bundle, String name) throws IOException {
    RunnerHarness clean = new RunnerHarness(temp.resolve("clean-" + name));
    Run run = clean.run(clean.plan(bundle, BundleType.TAR, "d-clean", PlanOptions.defaults()));
    assertThat(run.exitCode()).as(run.stdout()).isZero();
    return snapshot(clean);
  }

  private static void assertNoLeftovers(RunnerHarness harness) throws IOException {
    try (Stream<Path> walk = Files.walk(harness.root)) {
      assertThat(walk.map(p -> p.getFileName().toString()))
          .as("staged files or journals left")
          .noneMatch(n -> n.startsWith(".fleetdeploy-") || n.equals("install-journal.json"));
    }
  }

  @Test
  void aRunnerKilledAtAnyStepLeavesExactlyOneRevisionAfterTheReplayOrTheNextDeployment()
      throws IOException {
    Path bundle1 = v1();
    Path bundle2 = v2();
    Map<String, String> revision1 = cleanInstallOf(bundle1, "v1");
    Map<String, String> revision2 = cleanInstallOf(bundle2, "v2");
    assertThat(revision1).isNotEqualTo(revision2);
    // One host on revision 1, copied for every step (the plans name archives of this harness).
    RunnerHarness template = new RunnerHarness(temp.resolve("template"));
    assertThat(
            template
                .run(template.plan(bundle1, BundleType.TAR, "d-1", PlanOptions.defaults()))
                .exitCode())
        .isZero();
    HostPlan second = template.plan(bundle2, BundleType.TAR, "d-2", PlanOptions.defaults());
    HostPlan firstAgain = template.plan(bundle1, BundleType.TAR, "d-3", PlanOptions.defaults());
    int killed = 0;
    for (int step = 1; ; step++) {
      RunnerHarness harness = new RunnerHarness(temp.resolve("kill-" + step));
      copyTree(template.root, harness.root);

      Run run =
          harness.runWith(
              second, Map.of("FLEETDEPLOY_TEST_KILL_AT", Integer.toString(step)), List.of());

      if (run.exitCode() != SIGKILLED) {
        // Past the last step: the deployment simply succeeded.
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(snapshot(harness)).isEqualTo(revision2);
        break;
      }
      killed++;
      assertThat(run.stderr()).contains("killed at checkpoint " + step);
      if (step % 2 == 1) {
        Run replay = harness.run(second);
        assertThat(replay.exitCode())
            .as("replay after a kill at step %d: %s", step, replay.stdout())
            .isZero();
        assertThat(snapshot(harness))
            .as("after a kill at step %d and a replay", step)
            .isEqualTo(revision2);
      } else {
        Run back = harness.run(firstAgain);
        assertThat(back.exitCode())
            .as("v1 again after a kill at step %d: %s", step, back.stdout())
            .isZero();
        assertThat(snapshot(harness))
            .as("after a kill at step %d and v1 again", step)
            .isEqualTo(revision1);
      }
      assertNoLeftovers(harness);
    }
    assertThat(killed).as("steps at which the runner was killed").isGreaterThan(15);
  }

  @Test
  void aFullDiskWhileStagingLeavesThePreviousRevisionWholeAndSaysSo() throws IOException {
    Path bundle1 = v1();
    Path bundle2 = v2();
    byte[] big = new byte[300_000];
    new Random(7).nextBytes(big);
    Files.write(bundle2.resolve("app/big.bin"), big);
    RunnerHarness harness = new RunnerHarness(temp.resolve("full"));
    assertThat(
            harness
                .run(harness.plan(bundle1, BundleType.TAR, "d-1", PlanOptions.defaults()))
                .exitCode())
        .isZero();
    Map<String, String> revision1 = snapshot(harness);
    HostPlan second = harness.plan(bundle2, BundleType.TAR, "d-2", PlanOptions.defaults());
    // The revision is unpacked on the host already (as for a rollback): only Install writes.
    assertThat(
            harness
                .run(
                    RunnerHarness.withDeploymentId(second, "d-fetch"), "--events", "DownloadBundle")
                .exitCode())
        .isZero();

    Run run = harness.runWith(second, Map.of(), fileSizeLimit(100_000));

    assertThat(run.exitCode()).as(run.stdout()).isEqualTo(1);
    assertThat(run.event("Install").status()).isEqualTo(EventStatus.Failed);
    assertThat(run.event("Install").errorCode()).contains("DiskFull");
    assertThat(run.event("Install").message())
        .get()
        .asString()
        .contains(
            "no room to install /opt/app/big.bin",
            "nothing was changed, the previous revision is still in place");
    assertThat(snapshot(harness)).isEqualTo(revision1);
    assertNoLeftovers(harness);
    Run retried = harness.run(RunnerHarness.withDeploymentId(second, "d-3"));
    assertThat(retried.exitCode()).as(retried.stdout()).isZero();
    assertThat(harness.host("/opt/app/big.bin")).hasBinaryContent(big);
  }

  @Test
  void aFullDiskWhileUnpackingIsDiskFullNotAnUnsafeBundle() throws IOException {
    Path bundle2 = v2();
    Files.write(bundle2.resolve("app/zeros.bin"), new byte[300_000]);
    RunnerHarness harness = new RunnerHarness(temp.resolve("unpack"));
    // Compressed, the bundle is small; unpacked, one file passes the limit.
    HostPlan plan = harness.plan(bundle2, BundleType.TGZ, "d-1", PlanOptions.defaults());

    Run run = harness.runWith(plan, Map.of(), fileSizeLimit(100_000));

    assertThat(run.event("DownloadBundle").errorCode()).contains("DiskFull");
    assertThat(run.event("DownloadBundle").message())
        .get()
        .asString()
        .contains("no room to unpack the bundle");
    assertThat(harness.host("/opt/app")).doesNotExist();
  }

  @Test
  void aNameThatIsNotUtf8InTheNextRevisionLeavesThePreviousOneInPlace() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp.resolve("latin1"));
    assertThat(
            harness
                .run(harness.plan(v1(), BundleType.TAR, "d-1", PlanOptions.defaults()))
                .exitCode())
        .isZero();
    Map<String, String> revision1 = snapshot(harness);
    Path archive =
        Files.write(
            harness.work.resolve("latin1.tar"),
            CraftedArchives.tarWithName("app/caf\u00e9.txt".getBytes(StandardCharsets.ISO_8859_1)));
    var appSpec =
        AppSpecParser.parse(
                "appspec.yml", new String(CraftedArchives.APPSPEC, StandardCharsets.UTF_8))
            .appSpec()
            .orElseThrow();

    Run run =
        harness.run(
            harness.planFor(appSpec, archive, BundleType.TAR, "d-2", PlanOptions.defaults()));

    assertThat(run.event("DownloadBundle").errorCode()).contains("BundleUnsafe");
    assertThat(run.event("Install").status()).isEqualTo(EventStatus.Skipped);
    assertThat(snapshot(harness)).isEqualTo(revision1);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path path : walk.toList()) {
        Path copy = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(
              path,
              copy,
              java.nio.file.LinkOption.NOFOLLOW_LINKS,
              java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /**
   * A command that runs the rest of the command line with RLIMIT_FSIZE set: writes past it fail
   * (EFBIG).
   */
  private static List<String> fileSizeLimit(long bytes) {
    return List.of(
        "python3",
        "-c",
        "import os, resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, ("
            + bytes
            + ", "
            + bytes
            + ")); os.execvp(sys.argv[1], sys.argv[1:])");
  }
}
