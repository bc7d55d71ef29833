package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Successive revisions on one host: previous stop scripts, cleanup, the revision cache, replays.
 */
class RunnerRevisionsTest {

  @TempDir Path temp;

  @Test
  void secondRevisionStopsTheFirstWithItsOwnScriptAndCleansUpItsFiles() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path v1 = TestBundles.copy("webapp-v1", temp);
    Path v2 = TestBundles.copy("webapp-v2", temp);

    Run first = harness.run(harness.plan(v1, BundleType.TGZ, "d-first", PlanOptions.defaults()));

    assertThat(first.exitCode()).as(first.stdout()).isZero();
    assertThat(first.event("ApplicationStop").status()).isEqualTo(EventStatus.Skipped);
    assertThat(first.event("ApplicationStop").message())
        .get()
        .asString()
        .contains("no earlier successful deployment");
    assertThat(harness.host("/opt/webapp/lib/v1-only.txt")).exists();
    assertThat(harness.host("/etc/webapp/webapp.conf")).hasContent("port=8081");
    assertThat(Files.getPosixFilePermissions(harness.host("/opt/webapp/index.html")))
        .isEqualTo(PosixFilePermissions.fromString("rw-r-----"));

    Run second = harness.run(harness.plan(v2, BundleType.ZIP, "d-second", PlanOptions.defaults()));

    assertThat(second.exitCode()).as(second.stdout()).isZero();
    assertThat(second.event("ApplicationStop").status()).isEqualTo(EventStatus.Succeeded);
    assertThat(second.event("ApplicationStop").scriptsFrom()).contains("d-first");
    assertThat(Files.readAllLines(harness.host("/var/log/webapp/events.log")))
        .containsSubsequence(
            "ValidateService by revision 1 for d-first",
            "ApplicationStop by revision 1 for d-second",
            "BeforeInstall by revision 2 for d-second",
            "ValidateService by revision 2 for d-second");
    assertThat(harness.host("/opt/webapp/lib/v1-only.txt")).doesNotExist();
    assertThat(harness.host("/opt/webapp/lib")).doesNotExist();
    assertThat(harness.host("/opt/webapp/about.html")).exists();
    assertThat(harness.host("/opt/webapp/index.html")).content().contains("revision 2");
    assertThat(harness.host("/etc/webapp/webapp.conf")).hasContent("port=8082");
    assertThat(second.stdout().lines().filter(l -> l.startsWith("fleetdeploy: ")).count())
        .isEqualTo(7);
  }

  @Test
  void aStopOnlyPlanRunsTheInstalledRevisionsStopScriptAndChangesNothingElse() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path v1 = TestBundles.copy("webapp-v1", temp);
    HostPlan install = harness.plan(v1, BundleType.TGZ, "d-install", PlanOptions.defaults());
    assertThat(harness.run(install).exitCode()).isZero();
    Path lastSuccessful = harness.host("/var/lib/fleetdeploy/groups");

    HostPlan stop =
        io.fleetdeploy.hostplan.HostPlanBuilder.stopOnly(
            new io.fleetdeploy.hostplan.DeploymentContext(
                "d-scale-in",
                install.applicationName(),
                install.deploymentGroupName(),
                install.deploymentGroupId(),
                new io.fleetdeploy.hostplan.Revision(
                    "https://bundle.invalid/never-fetched",
                    BundleType.TGZ,
                    install.revision().sha256(),
                    java.util.Optional.empty()),
                java.util.Optional.empty(),
                false,
                false));
    Run stopped = harness.run(stop);

    assertThat(stopped.exitCode()).as(stopped.stdout()).isZero();
    assertThat(stopped.result().events())
        .extracting(e -> e.name())
        .containsExactly("ApplicationStop");
    assertThat(stopped.event("ApplicationStop").scriptsFrom()).contains("d-install");
    assertThat(Files.readAllLines(harness.host("/var/log/webapp/events.log")))
        .endsWith("ApplicationStop by revision 1 for d-scale-in");
    assertThat(harness.host("/opt/webapp/index.html")).content().contains("revision 1");
    // The next deployment still stops revision 1 with the scripts of d-install.
    assertThat(lastSuccessful.resolve(install.deploymentGroupId()).resolve("last-successful.json"))
        .content()
        .contains("d-install");
  }

  @Test
  void keepsTheLastRevisionsAndNeverTheLastSuccessfulOne() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path v1 = TestBundles.copy("webapp-v1", temp);
    Path v2 = TestBundles.copy("webapp-v2", temp);
    HostPlan plan1 = harness.plan(v1, BundleType.TAR, "d-1", PlanOptions.defaults());
    HostPlan plan2 = harness.plan(v2, BundleType.TAR, "d-2", PlanOptions.defaults());
    Files.writeString(v1.resolve("app/extra.txt"), "a third revision");
    HostPlan plan3 = harness.plan(v1, BundleType.TAR, "d-3", PlanOptions.defaults());

    assertThat(harness.run(plan1, "--keep-revisions", "2").exitCode()).isZero();
    assertThat(harness.run(plan2, "--keep-revisions", "2").exitCode()).isZero();
    assertThat(harness.run(plan3, "--keep-revisions", "2").exitCode()).isZero();

    assertThat(revisions(harness))
        .containsExactlyInAnyOrder(plan2.revision().sha256(), plan3.revision().sha256());

    // A failing fourth revision with room for one: the current one and the last good one both stay.
    Files.writeString(v2.resolve("app/index.html"), "broken");
    HostPlan plan4 = harness.plan(v2, BundleType.TAR, "d-4", PlanOptions.defaults());
    Run fourth = harness.run(plan4, "--keep-revisions", "1");

    assertThat(fourth.exitCode()).isEqualTo(1);
    assertThat(fourth.event("ValidateService").errorCode()).contains("ScriptFailed");
    assertThat(revisions(harness))
        .containsExactlyInAnyOrder(plan3.revision().sha256(), plan4.revision().sha256());
  }

  @Test
  void revisionAlreadyOnTheHostNeedsNoDownload() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path v1 = TestBundles.copy("webapp-v1", temp);
    HostPlan first = harness.plan(v1, BundleType.TGZ, "d-1", PlanOptions.defaults());
    assertThat(harness.run(first).result().downloaded()).isTrue();
    Files.delete(Path.of(first.revision().location()));

    // The same revision again, as a rollback would send it: the bundle itself is gone.
    HostPlan rollback = RunnerHarness.withDeploymentId(first, "d-rollback");
    Run run = harness.run(rollback);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    assertThat(run.result().downloaded()).isFalse();
    assertThat(run.event("DownloadBundle").message())
        .contains("revision already on this host: no download");
  }

  @Test
  void aDeploymentThatAlreadyRanIsReplayedNotRerun() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path bundle = TestBundles.copy("scripts-lab", temp);
    Files.writeString(
        bundle.resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        hooks:
          AfterInstall:
            - location: scripts/count.sh
          ValidateService:
            - location: scripts/count.sh
        """);
    HostPlan plan = harness.plan(bundle, BundleType.TGZ, "d-once", PlanOptions.defaults());

    Run first = harness.run(plan);
    Run again = harness.run(plan);

    assertThat(first.result().replay()).isFalse();
    assertThat(again.exitCode()).isZero();
    assertThat(again.result().replay()).isTrue();
    assertThat(again.result().events()).isEqualTo(first.result().events());
    assertThat(again.stdout()).contains("already ran on this host");
    assertThat(Files.readAllLines(harness.host("/tmp/count.txt")))
        .containsExactly("AfterInstall d-once", "ValidateService d-once");
  }

  private static java.util.List<String> revisions(RunnerHarness harness) throws IOException {
    try (Stream<Path> list = Files.list(harness.groupState().resolve("revisions"))) {
      return list.map(p -> p.getFileName().toString()).toList();
    }
  }
}
