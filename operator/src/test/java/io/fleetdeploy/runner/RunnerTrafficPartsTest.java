package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.hostplan.EventResult;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.TrafficParts;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real runner with a deployment sent in parts (traffic events on their side of the load
 * balancer switch): each part runs only its events, a later part neither downloads nor installs
 * again, a part sent twice replays, the last part's result carries every event in order, and the
 * revision becomes the host's last successful one only with its last part.
 */
class RunnerTrafficPartsTest {
  @TempDir Path temp;

  private static HostPlan part(HostPlan whole, int part, List<Integer> parts) {
    return whole.part(TrafficParts.events(part, parts), TrafficParts.planPart(part, parts));
  }

  private static List<String> names(Run run) {
    return run.result().events().stream().map(EventResult::name).toList();
  }

  private List<String> recorded(RunnerHarness harness) throws IOException {
    Path log = harness.host("/var/log/fleet-app/events.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private HostPlan plan(RunnerHarness harness, String version, String deploymentId)
      throws IOException {
    Path bundle = TestBundles.copy("traffic-app", temp.resolve(deploymentId));
    Files.writeString(bundle.resolve("app/VERSION"), version + "\n");
    return harness.plan(bundle, BundleType.TGZ, deploymentId, PlanOptions.defaults());
  }

  @Test
  void eachPartRunsItsEventsAndTheLastTellsTheWholeStory() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path lastSuccessful =
        harness.host(
            "/var/lib/fleetdeploy/groups/" + RunnerHarness.GROUP_ID + "/last-successful.json");

    // First deployment on the host: nothing to run before blocking, so parts 2 and 3.
    List<Integer> first = List.of(2, 3);
    HostPlan one = plan(harness, "r1", "d-one");
    Run middle = harness.run(part(one, 2, first));
    assertThat(middle.exitCode()).as(middle.stdout()).isZero();
    assertThat(middle.result().downloaded()).isTrue();
    assertThat(names(middle)).endsWith("ValidateService", "BeforeAllowTraffic");
    assertThat(names(middle)).doesNotContain("AfterAllowTraffic");
    assertThat(lastSuccessful).as("not the last part yet").doesNotExist();

    Run last = harness.run(part(one, 3, first));
    assertThat(last.exitCode()).as(last.stdout() + last.stderr()).isZero();
    assertThat(last.result().downloaded()).isFalse();
    assertThat(names(last))
        .containsExactlyElementsOf(LifecycleEvent.inOrder(true).stream().map(Enum::name).toList());
    assertThat(last.event("AfterAllowTraffic").status()).isEqualTo(EventStatus.Succeeded);
    assertThat(lastSuccessful).content().contains("d-one");
    assertThat(recorded(harness))
        .containsExactly(
            "d-one BeforeInstall r1",
            "d-one AfterInstall r1",
            "d-one ApplicationStart r1",
            "d-one ValidateService r1",
            "d-one BeforeAllowTraffic r1",
            "d-one AfterAllowTraffic r1");

    // Sent again (an operator that lost track): replayed, nothing runs twice.
    Run again = harness.run(part(one, 3, first));
    assertThat(again.exitCode()).isZero();
    assertThat(again.result().replay()).isTrue();
    assertThat(recorded(harness)).hasSize(6);

    // The second deployment: BeforeBlockTraffic and AfterBlockTraffic run d-one's scripts.
    List<Integer> all = List.of(1, 2, 3);
    HostPlan two = plan(harness, "r2", "d-two");
    Run blocking = harness.run(part(two, 1, all));
    assertThat(blocking.exitCode()).as(blocking.stdout()).isZero();
    assertThat(names(blocking)).containsExactly("BeforeBlockTraffic");
    assertThat(blocking.event("BeforeBlockTraffic").scriptsFrom()).contains("d-one");
    assertThat(blocking.result().downloaded()).isFalse();
    assertThat(harness.run(part(two, 2, all)).exitCode()).isZero();
    assertThat(lastSuccessful).content().contains("d-one");
    Run done = harness.run(part(two, 3, all));
    assertThat(done.exitCode()).isZero();
    assertThat(names(done))
        .containsExactlyElementsOf(LifecycleEvent.inOrder(true).stream().map(Enum::name).toList());
    assertThat(lastSuccessful).content().contains("d-two");
    assertThat(recorded(harness).subList(6, recorded(harness).size()))
        .containsExactly(
            "d-two BeforeBlockTraffic r1",
            "d-two AfterBlockTraffic r1",
            "d-two ApplicationStop r1",
            "d-two BeforeInstall r2",
            "d-two AfterInstall r2",
            "d-two ApplicationStart r2",
            "d-two ValidateService r2",
            "d-two BeforeAllowTraffic r2",
            "d-two AfterAllowTraffic r2");
  }

  @Test
  void aFailedBeforeBlockTrafficFailsPartOneUnlessStopFailuresAreIgnored() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path lastSuccessful =
        harness.host(
            "/var/lib/fleetdeploy/groups/" + RunnerHarness.GROUP_ID + "/last-successful.json");
    // The revision on the host has a BeforeBlockTraffic script that fails.
    Path failing = TestBundles.copy("traffic-app", temp.resolve("failing"));
    Files.writeString(failing.resolve("app/VERSION"), "r1\n");
    Files.writeString(
        failing.resolve("appspec.yml"),
        Files.readString(failing.resolve("appspec.yml"))
            .replace(
                "  BeforeBlockTraffic:\n    - location: scripts/record.sh",
                "  BeforeBlockTraffic:\n    - location: scripts/fail.sh"));
    Path fail = failing.resolve("scripts/fail.sh");
    Files.writeString(fail, "#!/bin/sh\necho cannot leave >&2\nexit 4\n");
    fail.toFile().setExecutable(true);
    Files.writeString(failing.resolve("scripts/record.sh"), "#!/bin/sh\n");
    HostPlan one = harness.plan(failing, BundleType.TGZ, "d-one", PlanOptions.defaults());
    List<Integer> first = List.of(2, 3);
    assertThat(harness.run(part(one, 2, first)).exitCode()).isZero();
    assertThat(harness.run(part(one, 3, first)).exitCode()).isZero();

    List<Integer> all = List.of(1, 2, 3);
    HostPlan two = plan(harness, "r2", "d-two");
    Run failed = harness.run(part(two, 1, all));
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.event("BeforeBlockTraffic").status()).isEqualTo(EventStatus.Failed);
    assertThat(failed.event("BeforeBlockTraffic").errorCode()).contains("ScriptFailed");
    assertThat(lastSuccessful).content().contains("d-one");

    Path ignoringBundle = TestBundles.copy("traffic-app", temp.resolve("ignoring"));
    Files.writeString(ignoringBundle.resolve("app/VERSION"), "r3\n");
    HostPlan three =
        harness.plan(
            ignoringBundle,
            BundleType.TGZ,
            "d-three",
            PlanOptions.defaults().ignoringStopFailures());
    Run ignored = harness.run(part(three, 1, all));
    assertThat(ignored.exitCode()).as(ignored.stdout()).isZero();
    assertThat(ignored.event("BeforeBlockTraffic").status()).isEqualTo(EventStatus.Failed);
    assertThat(ignored.event("BeforeBlockTraffic").ignored()).isTrue();
  }

  @Test
  void aLaterPartWithoutItsRevisionOnTheHostFailsClearly() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    HostPlan one = plan(harness, "r1", "d-alone");
    Run last = harness.run(part(one, 3, List.of(2, 3)));
    assertThat(last.exitCode()).isEqualTo(1);
    assertThat(last.event("AfterAllowTraffic").status()).isEqualTo(EventStatus.Failed);
    assertThat(last.event("AfterAllowTraffic").message())
        .get()
        .asString()
        .contains("is not on this host");
  }
}
