package io.fleetdeploy.controller.group;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.AutoScalingSpec;
import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.LifecycleHookSpec;
import io.fleetdeploy.api.v1alpha1.MinimumHealthyHostsType;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.api.v1alpha1.Targets;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.fleet.HostBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Auto Scaling with the group controller's production cadence (inventory every 60 s) on the
 * in-memory fleet: launches are held with heartbeats timed by their hook, never rolled back, never
 * push real rollouts out of history; a launch that got a revision later rolled back is rolled back
 * too; the group says Converged only when every instance runs the revision.
 */
class AutoScalingCorrectnessTest {
  private static EmbeddedApiServer api;

  @BeforeAll
  static void startApi() {
    api = EmbeddedApiServer.start(0);
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  private static ControllerHarness harness(TestInfo test) {
    return ControllerHarness.forTest(api, "", test);
  }

  /** A group serving Auto Scaling group {@code asg}, with the declared revision {@code version}. */
  private static DeploymentGroup group(
      ControllerHarness h, String asg, String version, int heartbeatSeconds) {
    DeploymentGroup group =
        Resources.group(
            h.namespace(),
            "web",
            "none",
            "none",
            Resources.predefined(PredefinedDeploymentConfig.HalfAtATime));
    Targets targets = new Targets();
    targets.setAutoScalingGroups(List.of(asg));
    group.getSpec().setTargets(targets);
    AutoScalingSpec autoScaling = new AutoScalingSpec();
    LifecycleHookSpec launch = new LifecycleHookSpec();
    launch.setHeartbeatTimeoutSeconds(heartbeatSeconds);
    autoScaling.setLaunchHook(launch);
    group.getSpec().setAutoScaling(autoScaling);
    group.getSpec().setRevision(Resources.s3(BUCKET, h.uploadBundle("fleet-app", version)));
    Resources.withAutoRollback(group, RollbackEvent.DeploymentFailure);
    return group;
  }

  private static Predicate<DeploymentGroup> condition(String type, String status, String reason) {
    return g ->
        g.getStatus() != null
            && g.getStatus().getConditions() != null
            && g.getStatus().getConditions().stream()
                .anyMatch(
                    c ->
                        c.getType().equals(type)
                            && c.getStatus().equals(status)
                            && c.getReason().equals(reason));
  }

  private static String conditions(DeploymentGroup g) {
    return g.getStatus().getConditions().stream().map(Condition::getType).toList()
        + " "
        + g.getStatus().getConditions().stream()
            .map(
                c ->
                    c.getType() + "=" + c.getStatus() + " " + c.getReason() + ": " + c.getMessage())
            .toList();
  }

  private static List<Deployment> byCreator(ControllerHarness h, String creator) {
    return h.deployments().stream()
        .filter(
            d ->
                d.getMetadata().getLabels() != null
                    && creator.equals(d.getMetadata().getLabels().get("fleetdeploy.io/creator")))
        .toList();
  }

  @Test
  void failedLaunchesAreNeverRolledBackAndTheGroupDegradesWithoutRollingTheFleetAgain(
      TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> members = h.aws().addAutoScalingGroup("asg", 2, Map.of("app", "web"));
      DeploymentGroup spec = group(h, "asg", "r1", 300);
      spec.getSpec().setRevisionHistoryLimit(2);
      h.create(spec);
      h.awaitGroup("web", condition("Ready", "True", "Converged"), Duration.ofMinutes(10));
      String declared = byCreator(h, "deploymentGroup").get(0).getMetadata().getName();
      members.forEach(
          id -> h.aws().behaviour(id, HostBehaviour.succeedAfter(Duration.ofSeconds(1))));
      // Every instance launched from now on fails its deployment, and Auto Scaling replaces it.
      h.aws()
          .defaultBehaviour(
              HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(5)));
      h.aws().replaceAbandonedInstances(true);
      h.aws().scaleOut("asg");

      DeploymentGroup degraded =
          h.awaitGroup(
              "web", condition("Degraded", "True", "LaunchesFailing"), Duration.ofMinutes(30));
      h.runFor(Duration.ofMinutes(30));

      assertThat(byCreator(h, "rollback")).as("launch deployments are never rolled back").isEmpty();
      assertThat(degraded.getStatus().getConsecutiveLaunchFailures()).isEqualTo(3);
      assertThat(h.deployment(declared)).as("the declared rollout is kept in history").isNotNull();
      assertThat(byCreator(h, "deploymentGroup")).hasSize(1);
      for (String id : members) {
        assertThat(h.aws().allRuns().keySet().stream().filter(k -> k.endsWith(id)))
            .as("rollouts to %s", id)
            .hasSize(1);
      }
      assertThat(byCreator(h, "autoscaling").size())
          .as("launch history is pruned on its own")
          .isLessThanOrEqualTo(3);
      assertThat(conditions(h.group("web"))).contains("Degraded=True LaunchesFailing");
    }
  }

  @Test
  void degradedLaunchesAreHeldWithHeartbeatsNotLeftToTimeOut(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addAutoScalingGroup("asg", 2, Map.of("app", "web"));
      DeploymentGroup spec = group(h, "asg", "r1", 60);
      spec.getSpec().getAutoScaling().setMaxConsecutiveLaunchFailures(1);
      h.create(spec);
      h.awaitGroup("web", condition("Ready", "True", "Converged"), Duration.ofMinutes(10));
      String failing = h.aws().scaleOut("asg");
      h.aws()
          .behaviour(
              failing, HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(5)));
      h.awaitGroup("web", condition("Degraded", "True", "LaunchesFailing"), Duration.ofMinutes(10));

      String held = h.aws().scaleOut("asg");
      h.runFor(Duration.ofMinutes(30));

      assertThat(h.aws().lifecycleState(held))
          .as("held, not abandoned\n%s", h.aws().completions())
          .isEqualTo("Pending:Wait");
      assertThat(h.aws().heartbeats(held)).isGreaterThanOrEqualTo(30);
      assertThat(h.aws().completions()).noneMatch(c -> c.startsWith(held));
    }
  }

  @Test
  void heartbeatsFollowTheHooksTimeoutNotTheGroupsCadence(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addAutoScalingGroup("asg", 2, Map.of("app", "web"));
      h.create(group(h, "asg", "r1", 30));
      h.awaitGroup("web", condition("Ready", "True", "Converged"), Duration.ofMinutes(10));
      String launched = h.aws().scaleOut("asg");
      h.aws().behaviour(launched, HostBehaviour.succeedAfter(Duration.ofMinutes(5)));

      h.runUntil(() -> h.aws().inService("asg").contains(launched), Duration.ofMinutes(15));

      assertThat(h.aws().completions())
          .as("the 30 s hook never timed out")
          .containsExactly(
              launched + " " + h.aws().hooksOn("asg").keySet().iterator().next() + " CONTINUE");
      assertThat(h.aws().revisionOn(launched)).isPresent();
    }
  }

  @Test
  void anInstanceLaunchedWithARevisionThatIsRolledBackIsRolledBackToo(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> members = h.aws().addAutoScalingGroup("asg", 4, Map.of("app", "web"));
      DeploymentGroup spec = group(h, "asg", "r1", 300);
      spec.getSpec()
          .setDeploymentConfig(Resources.minimum(MinimumHealthyHostsType.FLEET_PERCENT, 75));
      h.create(spec);
      DeploymentGroup converged =
          h.awaitGroup("web", condition("Ready", "True", "Converged"), Duration.ofMinutes(10));
      String good = converged.getStatus().getLastSuccessfulRevision().getSha256();

      // Revision 2 succeeds on the first instance (batch 1, so it is proven), then fails on the
      // second.
      h.aws()
          .behaviour(
              members.get(1),
              HostBehaviour.forRevision(
                  good,
                  HostBehaviour.succeedAfter(Duration.ofSeconds(2)),
                  HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(40))));
      DeploymentGroup latest = h.group("web");
      latest.getSpec().setRevision(Resources.s3(BUCKET, h.uploadBundle("fleet-app", "r2")));
      h.client().resource(latest).update();
      h.runUntil(
          () ->
              byCreator(h, "deploymentGroup").stream()
                  .anyMatch(
                      d ->
                          d.getStatus() != null
                              && d.getStatus().getPhase() == DeploymentPhase.InProgress
                              && d.getStatus().getBatchesStarted() != null
                              && d.getStatus().getBatchesStarted() >= 2),
          Duration.ofMinutes(5));
      String launched = h.aws().scaleOut("asg");
      h.aws().behaviour(launched, HostBehaviour.succeedAfter(Duration.ofSeconds(2)));

      DeploymentGroup rolledBack =
          h.awaitGroup("web", condition("Degraded", "True", "RolledBack"), Duration.ofMinutes(20));

      assertThat(h.aws().revisionOn(launched))
          .as("%s\n%s", conditions(rolledBack), h.log())
          .contains(good);
      for (String id : h.aws().inService("asg")) {
        assertThat(h.aws().revisionOn(id)).as("revision on %s", id).contains(good);
      }
      Deployment rollback = byCreator(h, "rollback").get(0);
      assertThat(rollback.getSpec().getInstanceIds()).contains(launched);
      assertThat(conditions(rolledBack)).contains("Ready=False RolledBack");
    }
  }

  @Test
  void convergedIsReadFromTheInventoryNotFromTheLastSuccess(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      h.aws().addInstances(2, Map.of("app", "web"));
      h.create(
          Resources.group(
              h.namespace(),
              "web",
              "app",
              "web",
              Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)));
      String r1 = h.uploadBundle("fleet-app", "r1");
      h.create(Resources.deployment(h.namespace(), "web-r1", "web", BUCKET, r1));
      h.awaitGroup("web", condition("Ready", "True", "Converged"), Duration.ofMinutes(10));

      // An instance joins and someone deploys another revision to it alone: the fleet is split.
      String joined = h.aws().addInstances(1, Map.of("app", "web")).get(0);
      Deployment only =
          Resources.deployment(
              h.namespace(), "web-r2-one", "web", BUCKET, h.uploadBundle("fleet-app", "r2"));
      only.getSpec().setInstanceIds(List.of(joined));
      h.runFor(Duration.ofMinutes(2));
      h.create(only);
      h.awaitFinished("web-r2-one", Duration.ofMinutes(5));

      DeploymentGroup split =
          h.awaitGroup("web", condition("Ready", "False", "NotConverged"), Duration.ofMinutes(5));
      assertThat(conditions(split)).contains("do not run");
    }
  }

  @Test
  void aFailedDeclaredRevisionThatWasRolledBackLeavesTheGroupDegradedUntilARetry(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
      DeploymentGroup spec =
          Resources.withAutoRollback(
              Resources.group(
                  h.namespace(),
                  "web",
                  "app",
                  "web",
                  Resources.predefined(PredefinedDeploymentConfig.OneAtATime)),
              RollbackEvent.DeploymentFailure);
      spec.getSpec().setRevision(Resources.s3(BUCKET, h.uploadBundle("fleet-app", "r1")));
      h.create(spec);
      DeploymentGroup converged =
          h.awaitGroup("web", condition("Ready", "True", "Converged"), Duration.ofMinutes(10));
      String good = converged.getStatus().getLastSuccessfulRevision().getSha256();
      ids.forEach(
          id ->
              h.aws()
                  .behaviour(
                      id,
                      HostBehaviour.forRevision(
                          good,
                          HostBehaviour.succeedAfter(Duration.ofSeconds(1)),
                          HostBehaviour.failAt(
                              LifecycleEvent.ValidateService, Duration.ofSeconds(2)))));
      DeploymentGroup latest = h.group("web");
      latest.getSpec().setRevision(Resources.s3(BUCKET, h.uploadBundle("fleet-app", "r2")));
      h.client().resource(latest).update();

      DeploymentGroup degraded =
          h.awaitGroup("web", condition("Degraded", "True", "RolledBack"), Duration.ofMinutes(10));
      h.runFor(Duration.ofMinutes(5));
      assertThat(conditions(h.group("web")))
          .contains("Degraded=True RolledBack", "Ready=False RolledBack");
      assertThat(byCreator(h, "deploymentGroup"))
          .as("nothing re-created for the same declaration")
          .hasSize(2);

      // A retry rolls the same revision out again (it fails again here, and says so again).
      latest = h.group("web");
      latest.getSpec().setRetry(1);
      h.client().resource(latest).update();
      h.runUntil(() -> byCreator(h, "deploymentGroup").size() == 3, Duration.ofMinutes(2));
      assertThat(degraded.getStatus().getDeclaredRevision().getIdentity())
          .isEqualTo(h.group("web").getStatus().getDeclaredRevision().getIdentity());
      assertThat(h.group("web").getStatus().getDeclaredRevision().getRetry()).isEqualTo(1);
    }
  }
}
