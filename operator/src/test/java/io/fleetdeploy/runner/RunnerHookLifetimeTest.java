package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import io.fleetdeploy.runner.RunnerHarness.Started;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks never outlive a killed runner: whether the runner alone gets SIGKILL or its whole process
 * group does (as SSM does on cancel and execution timeout), the hook's process group is killed; a
 * server a hook started properly still outlives a runner that finished normally.
 */
class RunnerHookLifetimeTest {
  @TempDir Path temp;
  RunnerHarness harness;
  Path bundle;

  @AfterEach
  void killWhatIsLeft() {
    for (String id : List.of("d-killed", "d-group-killed", "d-daemon")) {
      RunnerHarness.processesOf(id)
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  private HostPlan plan(String deploymentId, String event, String script) throws IOException {
    harness = harness == null ? new RunnerHarness(temp) : harness;
    bundle = Files.createDirectories(temp.resolve("bundle-" + deploymentId + "/scripts"));
    Files.writeString(
        bundle.getParent().resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        hooks:
          %s:
            - location: scripts/hook.sh
              timeout: 600
        """
            .formatted(event));
    Files.writeString(bundle.resolve("hook.sh"), "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(
        bundle.resolve("hook.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    return harness.plan(bundle.getParent(), BundleType.TAR, deploymentId, PlanOptions.defaults());
  }

  private static void awaitHookRunning(String deploymentId, int processes) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> RunnerHarness.processesOf(deploymentId).size() >= processes);
  }

  private static void assertHookGone(String deploymentId) {
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(RunnerHarness.processesOf(deploymentId))
                    .as("processes of the hook")
                    .isEmpty());
  }

  @Test
  void aRunnerKilledWithSigkillTakesItsHookWithIt() throws Exception {
    // The hook and a child of its own, as a real script has.
    HostPlan plan = plan("d-killed", "AfterInstall", "sleep 300 &\nsleep 300\n");
    Started runner = harness.start(plan, Map.of());
    awaitHookRunning("d-killed", 2);

    runner.process().destroyForcibly();
    runner.process().waitFor(10, TimeUnit.SECONDS);

    assertHookGone("d-killed");
  }

  @Test
  void aRunnerWhoseWholeProcessGroupIsKilledAsSsmDoesTakesItsHookWithIt() throws Exception {
    HostPlan plan = plan("d-group-killed", "ApplicationStart", "sleep 300\n");
    // setsid: the runner leads its own process group, as under the SSM agent (and the simulator).
    Path planFile =
        Files.writeString(
            harness.work.resolve("group.json"), io.fleetdeploy.hostplan.HostPlanCodec.toJson(plan));
    Process runner =
        new ProcessBuilder(
                "setsid",
                "python3",
                harness.work.resolve("fleetdeploy_runner.py").toString(),
                "--plan-file",
                planFile.toString(),
                "--root",
                harness.root.toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    awaitHookRunning("d-group-killed", 1);

    new ProcessBuilder("kill", "-KILL", "--", "-" + runner.pid())
        .start()
        .waitFor(10, TimeUnit.SECONDS);
    runner.waitFor(10, TimeUnit.SECONDS);

    assertThat(runner.isAlive()).isFalse();
    assertHookGone("d-group-killed");
  }

  @Test
  void aServerAHookStartedProperlyOutlivesARunnerThatFinished() throws Exception {
    HostPlan plan =
        plan("d-daemon", "ApplicationStart", "nohup sleep 300 >/dev/null 2>&1 </dev/null &\n");

    Run run = harness.run(plan);

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    Thread.sleep(1000);
    assertThat(RunnerHarness.processesOf("d-daemon")).as("the server the hook started").hasSize(1);
  }
}
