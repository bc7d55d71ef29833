package io.fleetdeploy.controller;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.AlarmConfiguration;
import io.fleetdeploy.api.v1alpha1.AlarmRef;
import io.fleetdeploy.api.v1alpha1.AutoScalingSpec;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleHookSpec;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.api.v1alpha1.TargetGroupRef;
import io.fleetdeploy.api.v1alpha1.Targets;
import io.fleetdeploy.api.v1alpha1.TrafficControl;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.fleet.Alarms.AlarmState;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.CrashPlan;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.StagedConfigs;
import io.fleetdeploy.testing.Triggers;
import io.fleetdeploy.testing.fleet.HostBehaviour;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The crash-point suite: each scenario is run once to count its effects (every AWS call and every
 * write to a fleetdeploy object), then once per effect with the operator killed before it, and once
 * with it killed right after it (nothing it would still have done reaches the world; a fresh
 * operator takes over; the build skips the kill points whose state another one already gives, see
 * below). After every run: the same final phases as without the crash, every host ran each
 * deployment at most once and was sent it at most once, no result is lost (no instance left Pending
 * or InProgress), and no instance that ran is Skipped.
 */
class CrashPointTest {
  private static final boolean ALL_PAIRS =
      "all".equals(System.getProperty("fleetdeploy.crashPoints", ""));
  private static final AtomicInteger KILL_POINTS = new AtomicInteger();
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static EmbeddedApiServer api;

  @BeforeAll
  static void startApi() {
    api = EmbeddedApiServer.start(0);
  }

  @AfterAll
  static void report() {
    api.close();
    System.out.println(
        "crash-point suite: "
            + KILL_POINTS.get()
            + " distinct kill points, "
            + RUNS.get()
            + " runs with a kill");
  }

  private record Scenario(String name, Consumer<ControllerHarness> script) {}

  @TestFactory
  Stream<DynamicTest> everyKillPointOfEveryScenario() {
    List<Scenario> scenarios =
        List.of(
            new Scenario("allatonce", h -> rollout(h, PredefinedDeploymentConfig.AllAtOnce, 3)),
            new Scenario("halfatatime", h -> rollout(h, PredefinedDeploymentConfig.HalfAtATime, 4)),
            new Scenario("oneatatime", h -> rollout(h, PredefinedDeploymentConfig.OneAtATime, 3)),
            new Scenario("stop", CrashPointTest::stopMidway),
            new Scenario("supersede", CrashPointTest::supersede),
            new Scenario("rollback", CrashPointTest::rollback),
            new Scenario("launch", CrashPointTest::launch),
            new Scenario("traffic", CrashPointTest::traffic),
            new Scenario("traffic-stop", CrashPointTest::trafficStop),
            new Scenario("traffic-hooks", CrashPointTest::trafficHooks),
            new Scenario("alarm", CrashPointTest::alarm),
            new Scenario("steps", CrashPointTest::steps),
            new Scenario("zonal", CrashPointTest::zonal),
            new Scenario("triggers", CrashPointTest::triggers));
    String only = System.getProperty("fleetdeploy.crashScenario", "");
    return scenarios.stream()
        .filter(s -> only.isEmpty() || s.name().equals(only))
        .flatMap(this::killPoints);
  }

  private Stream<DynamicTest> killPoints(Scenario scenario) {
    Map<String, DeploymentPhase> expected;
    List<String> names;
    int effects;
    try (ControllerHarness h = ControllerHarness.on(api, "crash-" + scenario.name() + "-base")) {
      CrashPlan counting = h.countEffects();
      scenario.script().accept(h);
      expected = phases(h);
      names = counting.effects();
      effects = names.size();
      assertInvariants(h, "without a crash");
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (int n = 1; n <= effects; n++) {
      for (boolean after : new boolean[] {false, true}) {
        if (!ALL_PAIRS && (after ? n < effects : n > 1 && reads(names, n - 1) && reads(names, n))) {
          // Killed after effect n, the fresh operator finds the objects and the AWS state it finds
          // when killed before effect n + 1; killed before a read that follows a read, the state
          // it finds when killed before that first read (a read changes neither). Only the clock
          // may differ. The build runs one of each; -Dfleetdeploy.crashPoints=all runs them all.
          continue;
        }
        KILL_POINTS.incrementAndGet();
        int at = n;
        tests.add(
            DynamicTest.dynamicTest(
                scenario.name() + ": killed " + (after ? "after" : "before") + " effect " + at,
                () -> runKilled(scenario, at, after, expected)));
      }
    }
    return tests.stream();
  }

  /** Whether effect {@code n} (1-based) is an AWS call that only reads. */
  private static boolean reads(List<String> effects, int n) {
    String effect = effects.get(n - 1);
    int colon = effect.indexOf(':');
    String action = colon < 0 ? "" : effect.substring(colon + 1);
    return action.startsWith("Describe")
        || action.startsWith("List")
        || action.startsWith("Get")
        || action.startsWith("Head");
  }

  private static void runKilled(
      Scenario scenario, int at, boolean after, Map<String, DeploymentPhase> expected) {
    RUNS.incrementAndGet();
    try (ControllerHarness h =
        ControllerHarness.on(api, "crash-" + scenario.name() + "-" + at + (after ? "a" : "b"))) {
      CrashPlan plan = h.crashAt(at, after);
      scenario.script().accept(h);
      String context = "killed " + plan.where() + "\n" + h.log();
      assertThat(plan.killed()).as("the kill happened").isTrue();
      assertThat(phases(h)).as(context).isEqualTo(expected);
      assertInvariants(h, context);
    }
  }

  private static Map<String, DeploymentPhase> phases(ControllerHarness h) {
    Map<String, DeploymentPhase> out = new TreeMap<>();
    h.deployments()
        .forEach(
            d ->
                out.put(
                    d.getMetadata().getName(),
                    d.getStatus() == null ? null : d.getStatus().getPhase()));
    return out;
  }

  private static void assertInvariants(ControllerHarness h, String context) {
    assertThat(h.aws().traffic().outOfService())
        .as("instances left out of their load balancers; %s", context)
        .isEmpty();
    assertThat(h.aws().traffic().sentWhileServing())
        .as("instances sent to while in service; %s", context)
        .isEmpty();
    h.aws()
        .allRuns()
        .forEach(
            (key, runs) -> assertThat(runs).as("host runs of %s; %s", key, context).isEqualTo(1));
    for (Deployment d : h.deployments()) {
      String id = "d-" + d.getMetadata().getUid();
      assertThat(d.getStatus().getPhase().finished())
          .as("%s finished; %s", d.getMetadata().getName(), context)
          .isTrue();
      for (InstanceStatus i :
          d.getStatus().getInstances() == null
              ? List.<InstanceStatus>of()
              : d.getStatus().getInstances()) {
        int runs = h.aws().runs(id, i.getId());
        // One send per part of the host's work (one part unless traffic hooks split it).
        h.aws()
            .sendsPerPart(id, i.getId())
            .forEach(
                (part, sends) ->
                    assertThat(sends)
                        .as(
                            "sends of %s part %s to %s; %s",
                            d.getMetadata().getName(), part, i.getId(), context)
                        .isLessThanOrEqualTo(1));
        assertThat(i.getStatus())
            .as("%s on %s; %s", d.getMetadata().getName(), i.getId(), context)
            .isNotIn(ExecutionStatus.Pending, ExecutionStatus.InProgress);
        if (runs > 0) {
          assertThat(i.getStatus())
              .as("%s ran %s; %s", i.getId(), d.getMetadata().getName(), context)
              .isIn(ExecutionStatus.Succeeded, ExecutionStatus.Failed);
        }
      }
    }
  }

  // ------------------------------------------------------------------ scenarios

  private static DeploymentGroup group(ControllerHarness h, PredefinedDeploymentConfig config) {
    h.create(Resources.application(h.namespace(), "fleet-app"));
    return Resources.group(h.namespace(), "web", "app", "web", Resources.predefined(config));
  }

  private static void rollout(
      ControllerHarness h, PredefinedDeploymentConfig config, int instances) {
    h.aws().addInstances(instances, Map.of("app", "web"));
    h.create(group(h, config));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1")));
    h.awaitFinished("web-r1", Duration.ofMinutes(30));
  }

  private static void stopMidway(ControllerHarness h) {
    h.aws().addInstances(4, Map.of("app", "web"));
    h.create(group(h, PredefinedDeploymentConfig.HalfAtATime));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1")));
    h.awaitDeployment("web-r1", ControllerHarness.batchesStarted(1), Duration.ofMinutes(30));
    h.stop("web-r1");
    h.awaitFinished("web-r1", Duration.ofMinutes(30));
  }

  private static void supersede(ControllerHarness h) {
    h.aws().addInstances(4, Map.of("app", "web"));
    DeploymentGroup group = group(h, PredefinedDeploymentConfig.HalfAtATime);
    group.getSpec().setSupersede(true);
    group.getSpec().setRevision(Resources.s3(BUCKET, h.uploadBundle("fleet-app", "r1")));
    h.create(group);
    String r2 = h.uploadBundle("fleet-app", "r2");
    h.runUntil(
        () -> h.deployments().stream().anyMatch(ControllerHarness.batchesStarted(1)),
        Duration.ofMinutes(30));
    h.client()
        .resources(DeploymentGroup.class)
        .inNamespace(h.namespace())
        .withName("web")
        .edit(
            g -> {
              g.getSpec().setRevision(Resources.s3(BUCKET, r2));
              return g;
            });
    h.runUntil(
        () ->
            h.deployments().size() == 2
                && h.deployments().stream().allMatch(ControllerHarness::finished),
        Duration.ofMinutes(30));
  }

  private static void rollback(ControllerHarness h) {
    List<String> ids = h.aws().addInstances(3, Map.of("app", "web"));
    h.create(
        Resources.withAutoRollback(
            group(h, PredefinedDeploymentConfig.OneAtATime), RollbackEvent.DeploymentFailure));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1")));
    Deployment r1 = h.awaitFinished("web-r1", Duration.ofMinutes(30));
    String good = r1.getStatus().getRevision().getSha256();
    h.aws()
        .behaviour(
            ids.get(1),
            HostBehaviour.forRevision(
                good,
                HostBehaviour.succeedAfter(Duration.ofSeconds(2)),
                HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(2))));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r2", "web", BUCKET, h.uploadBundle("fleet-app", "r2")));
    h.awaitFinished("web-r2", Duration.ofMinutes(30));
    h.awaitFinished("web-r2-rollback", Duration.ofMinutes(30));
  }

  /** A timed pause and a pause until promoted: a restart neither repeats nor skips a step. */
  private static void steps(ControllerHarness h) {
    h.aws().addInstances(3, Map.of("app", "web"));
    h.create(
        Resources.group(
            h.namespace(),
            "web",
            "app",
            "web",
            StagedConfigs.steps(
                Resources.predefined(PredefinedDeploymentConfig.AllAtOnce),
                StagedConfigs.count(1),
                StagedConfigs.pause("5m"),
                StagedConfigs.count(2),
                StagedConfigs.pause(null))));
    h.create(Resources.application(h.namespace(), "fleet-app"));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1")));
    h.awaitDeployment(
        "web-r1",
        d ->
            d.getStatus() != null
                && d.getStatus().getPause() != null
                && "AwaitingPromotion".equals(d.getStatus().getPause().getReason()),
        Duration.ofMinutes(30));
    h.client()
        .resources(Deployment.class)
        .inNamespace(h.namespace())
        .withName("web-r1")
        .edit(
            d -> {
              d.getSpec().setPromote(3);
              return d;
            });
    h.awaitFinished("web-r1", Duration.ofMinutes(30));
  }

  /** Zone by zone with bakes in between. */
  private static void zonal(ControllerHarness h) {
    h.aws().addInstances(3, Map.of("app", "web"));
    h.create(
        Resources.group(
            h.namespace(),
            "web",
            "app",
            "web",
            StagedConfigs.zonal(
                Resources.predefined(PredefinedDeploymentConfig.AllAtOnce), "3m", "2m", null)));
    h.create(Resources.application(h.namespace(), "fleet-app"));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1")));
    h.awaitFinished("web-r1", Duration.ofMinutes(30));
  }

  /**
   * Trigger notifications: whatever the kill point, no notification is sent twice (a kill between
   * the status write that records one and its send may lose it: at most once).
   */
  private static void triggers(ControllerHarness h) {
    h.aws().addInstances(2, Map.of("app", "web"));
    DeploymentGroup group = group(h, PredefinedDeploymentConfig.HalfAtATime);
    group
        .getSpec()
        .setTriggers(
            List.of(
                Triggers.sns(
                    "all",
                    Triggers.TOPIC,
                    io.fleetdeploy.api.v1alpha1.TriggerEvent.DeploymentStart,
                    io.fleetdeploy.api.v1alpha1.TriggerEvent.InstanceStart,
                    io.fleetdeploy.api.v1alpha1.TriggerEvent.InstanceSuccess,
                    io.fleetdeploy.api.v1alpha1.TriggerEvent.DeploymentSuccess)));
    h.create(group);
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1")));
    h.awaitFinished("web-r1", Duration.ofMinutes(30));
    // Sends are asynchronous: give those under way a moment to land before counting.
    org.awaitility.Awaitility.await()
        .pollDelay(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> true);
    List<String> sent =
        h.aws().topics().published().stream()
            .map(
                p -> {
                  try {
                    var m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.message());
                    return m.has("instanceStatus")
                        ? m.get("instanceStatus").asText() + "#" + m.get("batch").asInt()
                        : m.get("status").asText();
                  } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                  }
                })
            .toList();
    assertThat(sent).as("notifications sent\n" + h.log()).doesNotHaveDuplicates();
    assertThat(sent)
        .isSubsetOf(
            "IN_PROGRESS",
            "InProgress#1",
            "Succeeded#1",
            "InProgress#2",
            "Succeeded#2",
            "SUCCEEDED");
  }

  private static void launch(ControllerHarness h) {
    h.aws().addAutoScalingGroup("asg", 2, Map.of("app", "web"));
    DeploymentGroup group = group(h, PredefinedDeploymentConfig.AllAtOnce);
    Targets targets = new Targets();
    targets.setAutoScalingGroups(List.of("asg"));
    group.getSpec().setTargets(targets);
    AutoScalingSpec autoScaling = new AutoScalingSpec();
    LifecycleHookSpec hook = new LifecycleHookSpec();
    hook.setHeartbeatTimeoutSeconds(60);
    autoScaling.setLaunchHook(hook);
    group.getSpec().setAutoScaling(autoScaling);
    group.getSpec().setRevision(Resources.s3(BUCKET, h.uploadBundle("fleet-app", "r1")));
    h.create(group);
    h.runUntil(
        () ->
            h.deployments().size() == 1
                && h.deployments().stream().allMatch(ControllerHarness::finished),
        Duration.ofMinutes(30));
    String launched = h.aws().scaleOut("asg");
    h.runUntil(() -> h.aws().inService("asg").contains(launched), Duration.ofMinutes(30));
    h.runUntil(
        () -> h.deployments().stream().allMatch(ControllerHarness::finished),
        Duration.ofMinutes(5));
  }

  private static DeploymentGroup behindTargetGroup(
      ControllerHarness h, PredefinedDeploymentConfig config, List<String> ids) {
    String arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1";
    h.aws().traffic().addLoadBalancer(arn, Duration.ofSeconds(20), Duration.ofSeconds(5), ids);
    DeploymentGroup group = group(h, config);
    TrafficControl traffic = new TrafficControl();
    TargetGroupRef tg = new TargetGroupRef();
    tg.setArn(arn);
    traffic.setTargetGroups(List.of(tg));
    group.getSpec().setTrafficControl(traffic);
    return group;
  }

  private static void traffic(ControllerHarness h) {
    List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
    h.create(behindTargetGroup(h, PredefinedDeploymentConfig.HalfAtATime, ids));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("traffic-app", "r1")));
    h.awaitFinished("web-r1", Duration.ofMinutes(30));
  }

  /** Stopped while its first batch drains: nothing sent, everything registered again. */
  private static void trafficStop(ControllerHarness h) {
    List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
    h.create(behindTargetGroup(h, PredefinedDeploymentConfig.HalfAtATime, ids));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("traffic-app", "r1")));
    h.awaitDeployment("web-r1", ControllerHarness.batchesStarted(1), Duration.ofMinutes(30));
    h.stop("web-r1");
    h.awaitFinished("web-r1", Duration.ofMinutes(30));
  }

  /**
   * A revision with traffic hook scripts deployed (host parts 2 and 3), then the next one (parts 1,
   * 2 and 3) stopped between its parts (BeforeBlockTraffic done): the instance goes through its
   * parts, and is registered again. One instance: every part, at half the runs of two.
   */
  private static void trafficHooks(ControllerHarness h) {
    List<String> ids = h.aws().addInstances(1, Map.of("app", "web"));
    h.create(behindTargetGroup(h, PredefinedDeploymentConfig.OneAtATime, ids));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("traffic-app", "r1")));
    h.awaitFinished("web-r1", Duration.ofMinutes(30));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r2", "web", BUCKET, h.uploadBundle("traffic-app", "r2")));
    h.awaitDeployment(
        "web-r2",
        d ->
            d.getStatus() != null
                && d.getStatus().getBatches() != null
                && d.getStatus().getBatches().stream()
                    .anyMatch(
                        b -> b.getTraffic() == io.fleetdeploy.api.v1alpha1.TrafficPhase.Blocking),
        Duration.ofMinutes(30));
    h.stop("web-r2");
    h.awaitFinished("web-r2", Duration.ofMinutes(30));
  }

  /** An alarm fires after the first batch of the second rollout: stopped, rolled back. */
  private static void alarm(ControllerHarness h) {
    h.aws().addInstances(2, Map.of("app", "web"));
    h.aws().traffic().setAlarm("web-5xx", AlarmState.OK);
    DeploymentGroup group =
        Resources.withAutoRollback(
            group(h, PredefinedDeploymentConfig.OneAtATime), RollbackEvent.DeploymentStopOnAlarm);
    AlarmConfiguration alarms = new AlarmConfiguration();
    alarms.setEnabled(true);
    AlarmRef ref = new AlarmRef();
    ref.setName("web-5xx");
    alarms.setAlarms(List.of(ref));
    group.getSpec().setAlarmConfiguration(alarms);
    h.create(group);
    h.create(
        Resources.deployment(
            h.namespace(), "web-r1", "web", BUCKET, h.uploadBundle("fleet-app", "r1")));
    h.awaitFinished("web-r1", Duration.ofMinutes(30));
    h.create(
        Resources.deployment(
            h.namespace(), "web-r2", "web", BUCKET, h.uploadBundle("fleet-app", "r2")));
    h.awaitDeployment("web-r2", ControllerHarness.batchesStarted(1), Duration.ofMinutes(30));
    h.aws().traffic().setAlarm("web-5xx", AlarmState.ALARM);
    h.awaitFinished("web-r2", Duration.ofMinutes(30));
    h.awaitFinished("web-r2-rollback", Duration.ofMinutes(30));
  }
}
