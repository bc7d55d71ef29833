package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.ClassicLoadBalancerRef;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.TargetGroupRef;
import io.fleetdeploy.api.v1alpha1.TrafficControl;
import io.fleetdeploy.api.v1alpha1.TrafficPhase;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.fleet.HostBehaviour;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Traffic control on the in-memory fleet: each batch leaves its target groups and Classic Load
 * Balancers (and drains) before its hosts are sent anything, and is back and healthy before the
 * next batch or the end; nothing is left deregistered after a failure, an unhealthy instance or a
 * stop.
 */
class TrafficControlRolloutTest {
  static final String TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1";
  static final String CLASSIC = "web-classic";
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
    return ControllerHarness.forTest(api, "tc-", test);
  }

  static DeploymentGroup behindTargetGroup(
      ControllerHarness h, PredefinedDeploymentConfig config, Integer drainTimeout) {
    DeploymentGroup group =
        Resources.group(h.namespace(), "web", "app", "web", Resources.predefined(config));
    TrafficControl traffic = new TrafficControl();
    TargetGroupRef tg = new TargetGroupRef();
    tg.setArn(TG);
    traffic.setTargetGroups(List.of(tg));
    traffic.setDrainTimeoutSeconds(drainTimeout);
    traffic.setHealthyTimeoutSeconds(120);
    group.getSpec().setTrafficControl(traffic);
    return group;
  }

  private static Deployment deploy(ControllerHarness h, String name, String version) {
    return h.create(
        Resources.deployment(
            h.namespace(), name, "web", BUCKET, h.uploadBundle("fleet-app", version)));
  }

  @Test
  void eachBatchIsDrainedBeforeItsHostsRunAndHealthyAgainBeforeTheNext(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(4, Map.of("app", "web"));
      h.aws().traffic().addLoadBalancer(TG, Duration.ofSeconds(30), Duration.ofSeconds(10), ids);
      h.create(behindTargetGroup(h, PredefinedDeploymentConfig.HalfAtATime, null));
      Instant start = h.clock().instant();
      deploy(h, "web-r1", "r1");
      Deployment d = h.awaitFinished("web-r1", Duration.ofMinutes(30));

      assertThat(d.getStatus().getPhase()).as(h.log()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(h.aws().traffic().sentWhileServing()).isEmpty();
      assertThat(h.aws().traffic().outOfService()).isEmpty();
      List<String> log = h.aws().traffic().log();
      for (String id : ids) {
        int out = log.indexOf("deregister " + id + " " + TG);
        int sent = log.indexOf("send " + id);
        int back = log.indexOf("register " + id + " " + TG);
        assertThat(out).as("%s deregistered\n%s", id, log).isNotNegative();
        assertThat(sent).as("%s sent after draining\n%s", id, log).isGreaterThan(out);
        assertThat(back).as("%s registered after its host ran\n%s", id, log).isGreaterThan(sent);
      }
      // The second batch leaves only once the first is back: never all four out at once.
      int firstBack =
          ids.stream()
              .mapToInt(id -> log.indexOf("register " + id + " " + TG))
              .filter(i -> i >= 0)
              .min()
              .orElseThrow();
      long outBeforeFirstBack =
          log.subList(0, firstBack).stream().filter(e -> e.startsWith("deregister")).count();
      assertThat(outBeforeFirstBack).as(String.join("\n", log)).isEqualTo(2);
      // Two batches, each: 30 s draining + host run + 10 s to turn healthy.
      assertThat(Duration.between(start, h.clock().instant()))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(80));
      assertThat(d.getStatus().getBatches())
          .extracting(BatchStatus::getTraffic)
          .containsOnly(TrafficPhase.Allowed);
      assertThat(d.getStatus().getTrafficControl().getTargetGroups().get(0).getArn()).isEqualTo(TG);
    }
  }

  @Test
  void aClassicLoadBalancerAndATargetGroupAreSwitchedTogetherEvenWhenAHostFails(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(4, Map.of("app", "web"));
      h.aws().traffic().addLoadBalancer(TG, Duration.ofSeconds(10), Duration.ofSeconds(5), ids);
      // The Classic Load Balancer drains longer: its connection draining timeout is waited for.
      h.aws()
          .traffic()
          .addLoadBalancer(CLASSIC, Duration.ofSeconds(40), Duration.ofSeconds(5), ids);
      h.aws()
          .behaviour(
              ids.get(0),
              HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(2)));
      DeploymentGroup group = behindTargetGroup(h, PredefinedDeploymentConfig.HalfAtATime, null);
      ClassicLoadBalancerRef classic = new ClassicLoadBalancerRef();
      classic.setName(CLASSIC);
      group.getSpec().getTrafficControl().setClassicLoadBalancers(List.of(classic));
      h.create(group);
      Instant start = h.clock().instant();
      deploy(h, "web-r1", "r1");
      Deployment d = h.awaitFinished("web-r1", Duration.ofMinutes(30));

      List<String> log = h.aws().traffic().log();
      assertThat(d.getStatus().getInstances())
          .filteredOn(i -> i.getId().equals(ids.get(0)))
          .extracting(InstanceStatus::getStatus)
          .as(h.log())
          .containsExactly(ExecutionStatus.Failed);
      assertThat(h.aws().traffic().outOfService()).as(String.join("\n", log)).isEmpty();
      assertThat(h.aws().traffic().sentWhileServing()).isEmpty();
      for (String id : log.stream().filter(e -> e.startsWith("send ")).toList()) {
        String instance = id.substring("send ".length());
        int sent = log.indexOf(id);
        for (String balancer : List.of(TG, CLASSIC)) {
          int out = log.indexOf("deregister " + instance + " " + balancer);
          int back = log.indexOf("register " + instance + " " + balancer);
          assertThat(out)
              .as("%s left %s before it was sent\n%s", instance, balancer, log)
              .isNotNegative()
              .isLessThan(sent);
          assertThat(back)
              .as("%s back in %s after it ran\n%s", instance, balancer, log)
              .isGreaterThan(sent);
        }
      }
      // The failed host is registered again with both.
      assertThat(log)
          .contains("register " + ids.get(0) + " " + TG, "register " + ids.get(0) + " " + CLASSIC);
      // Each batch that ran waited for the longer drain: 40 s, not the target group's 10 s.
      int batches = d.getStatus().getBatches().size();
      assertThat(Duration.between(start, h.clock().instant()))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(40L * batches));
      assertThat(h.aws().calls("elasticloadbalancing:DeregisterInstancesFromLoadBalancer"))
          .isPositive();
      assertThat(h.aws().calls("elasticloadbalancing:DescribeLoadBalancerAttributes")).isPositive();
      assertThat(d.getStatus().getTrafficControl().getClassicLoadBalancers())
          .extracting(ClassicLoadBalancerRef::getName)
          .containsExactly(CLASSIC);
    }
  }

  @Test
  void drainingWaitsNoLongerThanTheBound(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(1, Map.of("app", "web"));
      h.aws().traffic().addLoadBalancer(TG, Duration.ofHours(1), Duration.ofSeconds(5), ids);
      h.create(behindTargetGroup(h, PredefinedDeploymentConfig.AllAtOnce, 20));
      Instant start = h.clock().instant();
      deploy(h, "web-r1", "r1");
      Deployment d = h.awaitFinished("web-r1", Duration.ofMinutes(30));
      assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(Duration.between(start, h.clock().instant()))
          .isBetween(Duration.ofSeconds(20), Duration.ofMinutes(2));
    }
  }

  @Test
  void anInstanceThatNeverTurnsHealthyFailsWithAClearCode(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(3, Map.of("app", "web"));
      h.aws().traffic().addLoadBalancer(TG, Duration.ofSeconds(5), Duration.ofSeconds(5), ids);
      h.aws().traffic().neverHealthy(ids.get(0));
      h.create(behindTargetGroup(h, PredefinedDeploymentConfig.OneAtATime, null));
      deploy(h, "web-r1", "r1");
      Deployment d = h.awaitFinished("web-r1", Duration.ofMinutes(30));

      InstanceStatus sick =
          d.getStatus().getInstances().stream()
              .filter(i -> i.getId().equals(ids.get(0)))
              .findFirst()
              .orElseThrow();
      assertThat(sick.getStatus()).isEqualTo(ExecutionStatus.Failed);
      assertThat(sick.getErrorCode()).isEqualTo(BatchTraffic.UNHEALTHY);
      assertThat(sick.getMessage()).contains("unhealthy in target group").contains("120 s");
      // Never deployed to before, all three count as unhealthy: two successes meet the minimum.
      assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Succeeded);
      assertThat(d.getStatus().getFailureSummary().get(0).getErrorCode())
          .isEqualTo(BatchTraffic.UNHEALTHY);
      assertThat(h.aws().traffic().outOfService()).isEmpty();
    }
  }

  @Test
  void aFailedHostIsRegisteredAgain(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
      h.aws().traffic().addLoadBalancer(TG, Duration.ofSeconds(5), Duration.ofSeconds(5), ids);
      h.aws()
          .behaviour(
              ids.get(0),
              HostBehaviour.failAt(LifecycleEvent.ValidateService, Duration.ofSeconds(2)));
      h.create(behindTargetGroup(h, PredefinedDeploymentConfig.OneAtATime, null));
      deploy(h, "web-r1", "r1");
      Deployment d = h.awaitFinished("web-r1", Duration.ofMinutes(30));
      assertThat(d.getStatus().getInstances())
          .filteredOn(i -> i.getId().equals(ids.get(0)))
          .extracting(InstanceStatus::getStatus)
          .containsExactly(ExecutionStatus.Failed);
      assertThat(h.aws().traffic().outOfService()).isEmpty();
      assertThat(h.aws().traffic().log()).contains("register " + ids.get(0) + " " + TG);
    }
  }

  @Test
  void aStopWhileABatchDrainsSkipsItAndRegistersItAgain(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(2, Map.of("app", "web"));
      h.aws().traffic().addLoadBalancer(TG, Duration.ofSeconds(300), Duration.ofSeconds(5), ids);
      h.create(behindTargetGroup(h, PredefinedDeploymentConfig.OneAtATime, null));
      deploy(h, "web-r1", "r1");
      h.runUntil(() -> !h.aws().traffic().log().isEmpty(), Duration.ofMinutes(5));
      h.stop("web-r1");
      Deployment d = h.awaitFinished("web-r1", Duration.ofMinutes(30));
      assertThat(d.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      assertThat(d.getStatus().getInstances())
          .extracting(InstanceStatus::getStatus)
          .containsOnly(ExecutionStatus.Skipped);
      assertThat(h.aws().traffic().log()).noneMatch(e -> e.startsWith("send"));
      assertThat(h.aws().traffic().outOfService()).isEmpty();
    }
  }

  @Test
  void theHostPlanHasTheTrafficEventsInCodeDeploysOrder(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = h.aws().addInstances(1, Map.of("app", "web"));
      h.aws().traffic().addLoadBalancer(TG, Duration.ofSeconds(1), Duration.ofSeconds(1), ids);
      h.create(behindTargetGroup(h, PredefinedDeploymentConfig.AllAtOnce, null));
      deploy(h, "web-r1", "r1");
      h.awaitFinished("web-r1", Duration.ofMinutes(30));
      assertThat(h.aws().lastPlan(ids.get(0)).events())
          .containsExactly(
              LifecycleEvent.inOrder(true).stream().map(Enum::name).toArray(String[]::new));
      assertThat(h.aws().lastPlan(ids.get(0)).events())
          .startsWith("BeforeBlockTraffic", "BlockTraffic", "AfterBlockTraffic")
          .endsWith("BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic");
    }
  }
}
