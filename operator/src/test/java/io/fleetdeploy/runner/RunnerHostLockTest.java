package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import io.fleetdeploy.runner.RunnerHarness.Started;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What runners leave and share on a host: leftovers of a killed runner are pruned by the next run
 * of its group, and one Install runs at a time on a host, whatever its group (the second waits up
 * to the lock timeout, then fails saying who holds the host).
 */
class RunnerHostLockTest {
  @TempDir Path temp;
  RunnerHarness harness;

  @BeforeEach
  void setUp() {
    harness = new RunnerHarness(temp);
  }

  private HostPlan plan(String name, String destination, String deploymentId) throws IOException {
    Path bundle = Files.createDirectories(temp.resolve("bundle-" + name + "/app"));
    Files.writeString(bundle.resolve("index.html"), name + "\n");
    Files.writeString(
        bundle.getParent().resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        files:
          - source: app
            destination: %s
        """
            .formatted(destination));
    return harness.plan(bundle.getParent(), BundleType.TAR, deploymentId, PlanOptions.defaults());
  }

  @Test
  void whatAKilledRunnerLeftIsPrunedByTheNextRun() throws IOException {
    HostPlan first = plan("one", "/opt/one", "d-1");
    Run killed =
        harness.runWith(first, Map.of("FLEETDEPLOY_TEST_KILL_AT", "1"), java.util.List.of());
    assertThat(killed.stderr()).contains("killed at checkpoint 1 (downloaded)");
    Path revisions = harness.groupState().resolve("revisions");
    assertThat(leftovers(revisions)).as("the download the killed runner left").hasSize(1);
    Files.createDirectories(revisions.resolve(".staging-424242/app"));
    Files.writeString(harness.groupState().resolve("last-successful.json.tmp-4242"), "{");
    Files.writeString(harness.groupState().resolve("results/d-0.json.tmp-4242"), "{");

    Run next = harness.run(first);

    assertThat(next.exitCode()).as(next.stdout()).isZero();
    assertThat(leftovers(revisions)).isEmpty();
    assertThat(harness.groupState().resolve("last-successful.json.tmp-4242")).doesNotExist();
    assertThat(harness.groupState().resolve("results/d-0.json.tmp-4242")).doesNotExist();
  }

  @Test
  void aSecondGroupWaitsForTheHostsInstallLockOrFailsNamingItsHolder() throws IOException {
    HostPlan groupA = plan("a", "/opt/shared/a", "d-a");
    HostPlan groupB = RunnerHarness.withGroup(plan("b", "/opt/shared/b", "d-b"), "dg-b");
    HostPlan groupC = RunnerHarness.withGroup(plan("c", "/opt/shared/c", "d-c"), "dg-c");
    Started a = harness.start(groupA, Map.of("FLEETDEPLOY_TEST_PAUSE_AT", "install lock taken:3"));
    a.awaitStderr("paused at install lock taken");

    Run impatient = harness.run(groupB, "--lock-timeout", "1");
    Run patient = harness.run(groupC, "--lock-timeout", "30");
    Run first = a.finish();

    assertThat(impatient.event("Install").status()).isEqualTo(EventStatus.Failed);
    assertThat(impatient.event("Install").errorCode()).contains("DestinationBusy");
    assertThat(impatient.event("Install").message())
        .get()
        .asString()
        .contains(
            "another fleetdeploy Install is running on this host (deployment group "
                + RunnerHarness.GROUP_ID
                + ", deployment d-a, pid "
                + a.process().pid()
                + "); gave up waiting after 1s: nothing was changed");
    assertThat(harness.host("/opt/shared/b")).doesNotExist();
    assertThat(first.exitCode()).as(first.stdout()).isZero();
    assertThat(patient.exitCode()).as(patient.stdout()).isZero();
    assertThat(patient.took())
        .as("it waited for the first Install")
        .isGreaterThan(java.time.Duration.ofSeconds(1));
    assertThat(harness.host("/opt/shared/a/index.html")).hasContent("a");
    assertThat(harness.host("/opt/shared/c/index.html")).hasContent("c");
  }

  private static java.util.List<String> leftovers(Path revisions) throws IOException {
    try (Stream<Path> list = Files.list(revisions)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }
}
