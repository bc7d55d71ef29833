package io.fleetdeploy.controller.group;

import static io.fleetdeploy.testing.OperatorExtension.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetdeploy.api.v1alpha1.AutoScalingSpec;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.LifecycleHookSpec;
import io.fleetdeploy.api.v1alpha1.OutdatedInstances;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.Targets;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.simulator.InstanceInfo;
import io.fleetdeploy.testing.OperatorExtension;
import io.fleetdeploy.testing.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Auto Scaling: hooks the group owns and repairs, launches served with the right revision. */
class AutoScalingLaunchTest {
  @RegisterExtension static final OperatorExtension env = new OperatorExtension();

  @AfterEach
  void noFleetWideSwitches() throws IOException {
    Files.deleteIfExists(instancesDir().resolve("fleet-app-slow"));
    Files.deleteIfExists(instancesDir().resolve("fleet-app-fail-validate"));
  }

  @Test
  void theHookIsInstalledRepairedAndRemovedAndScaleOutsAreDeployedTo() {
    String ns = "asg-hook";
    env.simulator().createAutoScalingGroup("hook-asg", 0, 10, 2, Map.of("suite", "hook-asg"));
    String v1 = env.uploadBundle("fleet-app", "h1");
    DeploymentGroup half = asgGroup(ns, "web", "hook-asg", v1, OutdatedInstances.Update);
    // A launch deploys to one instance not yet in service: the group's minimum cannot apply to it.
    half.getSpec()
        .setDeploymentConfig(Resources.predefined(PredefinedDeploymentConfig.HalfAtATime));
    env.client().resource(half).create();
    DeploymentGroup converged =
        awaitGroup(ns, "web", g -> GroupGitOpsTest.readyReason(g, "Converged"));
    String hookName = converged.getStatus().getLifecycleHooks().get(0).getName();
    assertThat(hookName).startsWith("fleetdeploy-" + ns + "-web-");
    assertThat(converged.getStatus().getLifecycleHooks())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.getAutoScalingGroup()).isEqualTo("hook-asg");
              assertThat(h.getName()).isEqualTo(hookName);
              assertThat(h.getState()).isEqualTo(io.fleetdeploy.api.v1alpha1.HookState.Installed);
            });
    assertThat(hooksOn("hook-asg")).contains(hookName);

    // Deleted behind the operator's back: put back, and said so.
    env.aws()
        .autoScaling()
        .deleteLifecycleHook(b -> b.autoScalingGroupName("hook-asg").lifecycleHookName(hookName));
    awaitGroup(
        ns,
        "web",
        g ->
            g.getStatus().getLifecycleHooks() != null
                && g.getStatus().getLifecycleHooks().get(0).getState()
                    == io.fleetdeploy.api.v1alpha1.HookState.Repaired);
    assertThat(hooksOn("hook-asg")).contains(hookName);

    // Scale-out after the rollout: the new instance waits, gets the last successful revision, goes
    // in.
    long heartbeatsBefore =
        env.simulator().calls().count("autoscaling", "RecordLifecycleActionHeartbeat");
    Set<String> before = members("hook-asg");
    env.simulator().setDesiredCapacity("hook-asg", 3);
    String launched =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> newMember("hook-asg", before), id -> id != null);
    Deployment launch = awaitFinished(ns, "web-launch-" + launched);
    assertThat(launch.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    assertThat(launch.getMetadata().getLabels()).containsEntry(Labels.CREATOR, "autoscaling");
    assertThat(launch.getSpec().getInstanceIds()).containsExactly(launched);
    assertThat(launch.getSpec().getDescription()).contains("the last successful revision");
    assertThat(launch.getStatus().getDeploymentConfig()).startsWith("AllAtOnce");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "InService".equals(env.simulator().instance(launched).lifecycleState()));
    assertThat(env.simulator().calls().count("autoscaling", "RecordLifecycleActionHeartbeat"))
        .isGreaterThan(heartbeatsBefore);

    // Deleting the group removes its hook and its Deployments.
    env.client().resources(DeploymentGroup.class).inNamespace(ns).withName("web").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> !hooksOn("hook-asg").contains(hookName));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                env.client()
                    .resources(Deployment.class)
                    .inNamespace(ns)
                    .list()
                    .getItems()
                    .isEmpty());
  }

  @Test
  void aScaleOutDuringARolloutGetsTheRevisionTheRuleSaysAndOutdatedOnesAreFollowedUp()
      throws IOException {
    String ns = "asg-during";
    env.simulator().createAutoScalingGroup("during-asg", 0, 10, 2, Map.of("suite", "during-asg"));
    String v1 = env.uploadBundle("fleet-app", "d1");
    String v2 = env.uploadBundle("fleet-app", "d2");
    DeploymentGroup group = asgGroup(ns, "web", "during-asg", v1, OutdatedInstances.Update);
    group
        .getSpec()
        .setDeploymentConfig(Resources.predefined(PredefinedDeploymentConfig.OneAtATime));
    env.client().resource(group).create();
    awaitGroup(ns, "web", g -> GroupGitOpsTest.readyReason(g, "Converged"));

    Files.writeString(instancesDir().resolve("fleet-app-slow"), "2\n");
    env.client()
        .resources(DeploymentGroup.class)
        .inNamespace(ns)
        .withName("web")
        .edit(
            g -> {
              g.getSpec().setRevision(Resources.s3(BUCKET, v2));
              return g;
            });
    // Before any batch of v2 has succeeded, a new instance gets the last successful revision (v1).
    Deployment rollout =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> activeRollout(ns),
                d ->
                    d != null
                        && d.getStatus().getBatches() != null
                        && !d.getStatus().getBatches().isEmpty());
    Set<String> before = members("during-asg");
    env.simulator().setDesiredCapacity("during-asg", 3);
    String early =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> newMember("during-asg", before), id -> id != null);
    Deployment earlyLaunch = awaitFinished(ns, "web-launch-" + early);
    assertThat(earlyLaunch.getSpec().getDescription()).contains("the last successful revision");

    // Once a batch of v2 has succeeded, a new instance gets v2.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Deployment d =
                  env.client()
                      .resources(Deployment.class)
                      .inNamespace(ns)
                      .withName(rollout.getMetadata().getName())
                      .get();
              return LaunchKeeper.provenOnABatch(d) || GroupDeployments.finished(d);
            });
    Set<String> before2 = members("during-asg");
    env.simulator().setDesiredCapacity("during-asg", 4);
    String late =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> newMember("during-asg", before2), id -> id != null);
    Deployment lateLaunch = awaitFinished(ns, "web-launch-" + late);
    assertThat(lateLaunch.getSpec().getDescription()).contains("the revision being rolled out");
    assertThat(lateLaunch.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);

    // The rollout ends; the instance that got v1 meanwhile is brought to v2 by a follow-up.
    Deployment done = awaitFinished(ns, rollout.getMetadata().getName());
    assertThat(done.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    Deployment followUp = awaitFinished(ns, rollout.getMetadata().getName() + "-followup");
    assertThat(followUp.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
    assertThat(followUp.getSpec().getInstanceIds()).contains(early).doesNotContain(late);
    assertThat(followUp.getStatus().getRevision().getSha256())
        .isEqualTo(done.getStatus().getRevision().getSha256());
  }

  @Test
  void withOutdatedInstancesIgnoreThereIsNoFollowUp() throws IOException {
    String ns = "asg-ignore";
    env.simulator().createAutoScalingGroup("ignore-asg", 0, 10, 1, Map.of("suite", "ignore-asg"));
    String v1 = env.uploadBundle("fleet-app", "i1");
    String v2 = env.uploadBundle("fleet-app", "i2");
    env.client().resource(asgGroup(ns, "web", "ignore-asg", v1, OutdatedInstances.Ignore)).create();
    awaitGroup(ns, "web", g -> GroupGitOpsTest.readyReason(g, "Converged"));
    Files.writeString(instancesDir().resolve("fleet-app-slow"), "2\n");
    env.client()
        .resources(DeploymentGroup.class)
        .inNamespace(ns)
        .withName("web")
        .edit(
            g -> {
              g.getSpec().setRevision(Resources.s3(BUCKET, v2));
              return g;
            });
    Deployment rollout =
        await().atMost(Duration.ofSeconds(20)).until(() -> activeRollout(ns), d -> d != null);
    Set<String> before = members("ignore-asg");
    env.simulator().setDesiredCapacity("ignore-asg", 2);
    String early =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> newMember("ignore-asg", before), id -> id != null);
    assertThat(awaitFinished(ns, "web-launch-" + early).getSpec().getDescription())
        .contains("last successful");
    assertThat(awaitFinished(ns, rollout.getMetadata().getName()).getStatus().getPhase())
        .isEqualTo(DeploymentPhase.Succeeded);
    awaitGroup(ns, "web", g -> GroupGitOpsTest.readyReason(g, "Converged"));
    assertThat(
            env.client()
                .resources(Deployment.class)
                .inNamespace(ns)
                .withName(rollout.getMetadata().getName() + "-followup")
                .get())
        .isNull();
  }

  @Test
  void failingLaunchesAreAbandonedThenTheGroupIsDegradedInsteadOfLooping() throws IOException {
    String ns = "asg-bad";
    env.simulator().createAutoScalingGroup("bad-asg", 0, 10, 1, Map.of("suite", "bad-asg"));
    String v1 = env.uploadBundle("fleet-app", "b1");
    env.client().resource(asgGroup(ns, "web", "bad-asg", v1, OutdatedInstances.Update)).create();
    awaitGroup(ns, "web", g -> GroupGitOpsTest.readyReason(g, "Converged"));

    Files.writeString(instancesDir().resolve("fleet-app-fail-validate"), "b1\n");
    env.simulator().setDesiredCapacity("bad-asg", 2);
    DeploymentGroup degraded =
        awaitGroup(
            ns,
            "web",
            g ->
                g.getStatus().getConditions().stream()
                    .anyMatch(
                        c ->
                            c.getType().equals("Degraded")
                                && "LaunchesFailing".equals(c.getReason())));
    assertThat(degraded.getStatus().getConsecutiveLaunchFailures()).isEqualTo(3);
    List<Deployment> launches =
        env.client()
            .resources(Deployment.class)
            .inNamespace(ns)
            .withLabel(Labels.CREATOR, "autoscaling")
            .list()
            .getItems();
    assertThat(launches)
        .hasSize(3)
        .allSatisfy(d -> assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed));
    // Each failed launch was abandoned (terminated, replaced); the fourth instance is left waiting.
    for (Deployment d : launches) {
      String id = d.getSpec().getInstanceIds().get(0);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  List.of("shutting-down", "terminated")
                      .contains(env.simulator().instance(id).state()));
    }
    String waiting =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    env.simulator().instances().stream()
                        .filter(
                            i ->
                                "bad-asg".equals(i.autoScalingGroup())
                                    && "Pending:Wait".equals(i.lifecycleState()))
                        .map(InstanceInfo::id)
                        .findFirst()
                        .orElse(null),
                id -> id != null);
    assertThat(
            env.client()
                .resources(Deployment.class)
                .inNamespace(ns)
                .withName("web-launch-" + waiting)
                .get())
        .isNull();
  }

  @Test
  void aRestartWhileInstancesWaitLeavesNoneToTimeOut() throws Exception {
    String ns = "asg-restart";
    env.simulator().createAutoScalingGroup("restart-asg", 0, 10, 1, Map.of("suite", "restart-asg"));
    String v1 = env.uploadBundle("fleet-app", "w1");
    env.client()
        .resource(asgGroup(ns, "web", "restart-asg", v1, OutdatedInstances.Update))
        .create();
    awaitGroup(ns, "web", g -> GroupGitOpsTest.readyReason(g, "Converged"));
    Files.writeString(instancesDir().resolve("fleet-app-slow"), "2\n");
    Set<String> before = members("restart-asg");
    env.simulator().setDesiredCapacity("restart-asg", 3);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                env.client()
                        .resources(Deployment.class)
                        .inNamespace(ns)
                        .withLabel(Labels.CREATOR, "autoscaling")
                        .list()
                        .getItems()
                        .size()
                    == 2);
    env.restartOperator();
    Set<String> launched =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    members("restart-asg").stream()
                        .filter(id -> !before.contains(id))
                        .collect(Collectors.toSet()),
                s ->
                    s.size() == 2
                        && s.stream()
                            .allMatch(
                                id ->
                                    "InService"
                                        .equals(env.simulator().instance(id).lifecycleState())));
    assertThat(launched)
        .allSatisfy(id -> assertThat(env.simulator().instance(id).state()).isEqualTo("running"));
  }

  @Test
  void aSecondGroupClaimingTheSameAutoScalingGroupIsRefused() {
    String ns = "asg-claim";
    env.simulator().createAutoScalingGroup("claimed-asg", 0, 10, 1, Map.of("suite", "claimed-asg"));
    String v1 = env.uploadBundle("fleet-app", "c1");
    env.client()
        .resource(asgGroup(ns, "first", "claimed-asg", v1, OutdatedInstances.Update))
        .create();
    awaitGroup(
        ns,
        "first",
        g ->
            g.getStatus().getLifecycleHooks() != null
                && g.getStatus().getLifecycleHooks().get(0).getState()
                    == io.fleetdeploy.api.v1alpha1.HookState.Installed);
    env.client()
        .resource(asgGroup(ns, "second", "claimed-asg", v1, OutdatedInstances.Update))
        .create();
    DeploymentGroup refused =
        awaitGroup(
            ns,
            "second",
            g ->
                g.getStatus().getConditions().stream()
                    .anyMatch(
                        c ->
                            c.getType().equals("Degraded")
                                && "AutoScalingGroupClaimed".equals(c.getReason())));
    assertThat(refused.getStatus().getLifecycleHooks())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.getState()).isEqualTo(io.fleetdeploy.api.v1alpha1.HookState.Refused);
              assertThat(h.getMessage()).contains("fleetdeploy-asg-claim-first-");
            });
    assertThat(hooksOn("claimed-asg"))
        .singleElement()
        .asString()
        .startsWith("fleetdeploy-asg-claim-first-");
  }

  @Test
  void withATerminationHookScaleInStopsTheApplicationFirst() throws IOException {
    String ns = "asg-scale-in";
    env.simulator().createAutoScalingGroup("in-asg", 0, 10, 2, Map.of("suite", "in-asg"));
    String v1 = env.uploadBundle("fleet-app", "t1");
    DeploymentGroup group = asgGroup(ns, "web", "in-asg", v1, OutdatedInstances.Update);
    LifecycleHookSpec terminate = new LifecycleHookSpec();
    terminate.setEnabled(true);
    terminate.setHeartbeatTimeoutSeconds(60);
    group.getSpec().getAutoScaling().setTerminationHook(terminate);
    env.client().resource(group).create();
    DeploymentGroup converged =
        awaitGroup(ns, "web", g -> GroupGitOpsTest.readyReason(g, "Converged"));
    assertThat(converged.getStatus().getLifecycleHooks())
        .extracting(h -> h.getTransition())
        .containsExactlyInAnyOrder(
            io.fleetdeploy.api.v1alpha1.HookTransition.Launching,
            io.fleetdeploy.api.v1alpha1.HookTransition.Terminating);
    assertThat(hooksOn("in-asg"))
        .hasSize(2)
        .allSatisfy(n -> assertThat(n).startsWith("fleetdeploy-asg-scale-in-web-"))
        .anySatisfy(n -> assertThat(n).endsWith("-terminate"));

    Set<String> before = members("in-asg");
    env.simulator().setDesiredCapacity("in-asg", 1);
    String leaving =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    before.stream()
                        .filter(
                            id ->
                                List.of("shutting-down", "terminated")
                                    .contains(env.simulator().instance(id).state()))
                        .findFirst()
                        .orElse(null),
                id -> id != null);
    List<String> log =
        java.nio.file.Files.readAllLines(
            env.simulator().instanceRoot(leaving).resolve("var/log/fleet-app/events.log"));
    assertThat(log).last().isEqualTo("stop-" + leaving + " ApplicationStop t1");
  }

  // ------------------------------------------------------------------ helpers

  private static DeploymentGroup asgGroup(
      String ns, String name, String asg, String key, OutdatedInstances outdated) {
    if (env.client()
            .resources(io.fleetdeploy.api.v1alpha1.Application.class)
            .inNamespace(ns)
            .withName("fleet-app")
            .get()
        == null) {
      env.client().resource(Resources.application(ns, "fleet-app")).create();
    }
    DeploymentGroup group =
        Resources.group(
            ns,
            name,
            "unused",
            "unused",
            Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    Targets targets = new Targets();
    targets.setAutoScalingGroups(List.of(asg));
    group.getSpec().setTargets(targets);
    group.getSpec().setRevision(Resources.s3(BUCKET, key));
    group.getSpec().setOutdatedInstances(outdated);
    AutoScalingSpec autoScaling = new AutoScalingSpec();
    LifecycleHookSpec launch = new LifecycleHookSpec();
    launch.setEnabled(true);
    launch.setHeartbeatTimeoutSeconds(60);
    autoScaling.setLaunchHook(launch);
    group.getSpec().setAutoScaling(autoScaling);
    return group;
  }

  private static Path instancesDir() {
    return env.simulator().dataDir().resolve("instances");
  }

  private static List<String> hooksOn(String asg) {
    return env
        .aws()
        .autoScaling()
        .describeLifecycleHooks(b -> b.autoScalingGroupName(asg))
        .lifecycleHooks()
        .stream()
        .map(h -> h.lifecycleHookName())
        .toList();
  }

  private static Set<String> members(String asg) {
    return env.simulator().instances().stream()
        .filter(i -> asg.equals(i.autoScalingGroup()))
        .map(InstanceInfo::id)
        .collect(Collectors.toSet());
  }

  private static String newMember(String asg, Set<String> before) {
    return members(asg).stream().filter(id -> !before.contains(id)).findFirst().orElse(null);
  }

  private static Deployment activeRollout(String ns) {
    return env
        .client()
        .resources(Deployment.class)
        .inNamespace(ns)
        .withLabel(Labels.CREATOR, "deploymentGroup")
        .list()
        .getItems()
        .stream()
        .filter(
            d -> d.getStatus() != null && d.getStatus().getPhase() == DeploymentPhase.InProgress)
        .findFirst()
        .orElse(null);
  }

  private static Deployment awaitFinished(String ns, String name) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> env.client().resources(Deployment.class).inNamespace(ns).withName(name).get(),
            d -> d != null && GroupDeployments.finished(d));
  }

  private static DeploymentGroup awaitGroup(
      String ns, String name, Predicate<DeploymentGroup> condition) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                env.client().resources(DeploymentGroup.class).inNamespace(ns).withName(name).get(),
            g ->
                g != null
                    && g.getStatus() != null
                    && g.getStatus().getConditions() != null
                    && condition.test(g));
  }
}
