package io.fleetdeploy.controller.deployment;

import static io.fleetdeploy.testing.ControllerHarness.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.api.v1alpha1.TrafficPhase;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.PlanPart;
import io.fleetdeploy.testing.ControllerHarness;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.fleet.HostBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The scriptable traffic events on the in-memory fleet: each runs on its side of the load balancer
 * switch, as the fake load balancer and hosts record it (BeforeBlockTraffic while in service,
 * AfterBlockTraffic once drained, BeforeAllowTraffic before registering, AfterAllowTraffic once
 * healthy again), in as few sends as the revisions' scripts need.
 */
class TrafficHookPartsTest {
  private static final String TG = TrafficControlRolloutTest.TG;
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
    return ControllerHarness.forTest(api, "th-", test);
  }

  private static List<String> fleet(
      ControllerHarness h, int size, PredefinedDeploymentConfig config) {
    List<String> ids = h.aws().addInstances(size, Map.of("app", "web"));
    h.aws().traffic().addLoadBalancer(TG, Duration.ofSeconds(30), Duration.ofSeconds(10), ids);
    h.create(TrafficControlRolloutTest.behindTargetGroup(h, config, null));
    return ids;
  }

  private static Deployment deploy(ControllerHarness h, String name, String bundle, String v) {
    h.create(Resources.deployment(h.namespace(), name, "web", BUCKET, h.uploadBundle(bundle, v)));
    return h.awaitFinished(name, Duration.ofMinutes(30));
  }

  private static String id(Deployment d) {
    return "d-" + d.getMetadata().getUid();
  }

  private static InstanceStatus instance(Deployment d, String id) {
    return d.getStatus().getInstances().stream()
        .filter(i -> i.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static void stop(ControllerHarness h, String name) {
    h.stop(name);
  }

  @Test
  void eachTrafficHookRunsOnItsSideOfTheSwitch(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = fleet(h, 2, PredefinedDeploymentConfig.OneAtATime);
      Deployment r1 = deploy(h, "web-r1", "traffic-app", "r1");
      assertThat(r1.getStatus().getPhase()).as(h.log()).isEqualTo(DeploymentPhase.Succeeded);
      int before = h.aws().traffic().log().size();
      Deployment r2 = deploy(h, "web-r2", "traffic-app", "r2");
      assertThat(r2.getStatus().getPhase()).as(h.log()).isEqualTo(DeploymentPhase.Succeeded);

      List<String> log = h.aws().traffic().log();
      List<String> timeline = log.subList(before, log.size());
      String all = String.join("\n", timeline);
      for (String id : ids) {
        int beforeBlock = timeline.indexOf("run BeforeBlockTraffic " + id + " healthy");
        int out = timeline.indexOf("deregister " + id + " " + TG);
        int afterBlock = timeline.indexOf("run AfterBlockTraffic " + id + " unused");
        int stopApp = timeline.indexOf("run ApplicationStop " + id + " unused");
        int beforeAllow = timeline.indexOf("run BeforeAllowTraffic " + id + " unused");
        int back = timeline.indexOf("register " + id + " " + TG);
        int afterAllow = timeline.indexOf("run AfterAllowTraffic " + id + " healthy");
        assertThat(beforeBlock).as("BeforeBlockTraffic ran in service\n%s", all).isNotNegative();
        assertThat(out)
            .as("deregistered after BeforeBlockTraffic\n%s", all)
            .isGreaterThan(beforeBlock);
        assertThat(afterBlock).as("AfterBlockTraffic ran drained\n%s", all).isGreaterThan(out);
        assertThat(stopApp)
            .as("ApplicationStop after AfterBlockTraffic\n%s", all)
            .isGreaterThan(afterBlock);
        assertThat(beforeAllow)
            .as("BeforeAllowTraffic ran out of service\n%s", all)
            .isGreaterThan(stopApp);
        assertThat(back)
            .as("registered after BeforeAllowTraffic\n%s", all)
            .isGreaterThan(beforeAllow);
        assertThat(afterAllow)
            .as("AfterAllowTraffic ran once healthy\n%s", all)
            .isGreaterThan(back);

        // Three sends, each a part run once; the events of all three are CodeDeploy's 13 in order.
        List<HostPlan> plans = h.aws().plans(id(r2), id);
        assertThat(plans)
            .extracting(p -> p.part().orElseThrow())
            .containsExactly(new PlanPart(1, false), new PlanPart(2, false), new PlanPart(3, true));
        assertThat(plans.stream().flatMap(p -> p.events().stream()).toList())
            .containsExactlyElementsOf(
                LifecycleEvent.inOrder(true).stream().map(Enum::name).toList());
        assertThat(plans.get(0).events()).containsExactly("BeforeBlockTraffic");
        assertThat(plans.get(2).events()).containsExactly("AllowTraffic", "AfterAllowTraffic");
        assertThat(h.aws().runs(id(r2), id)).isEqualTo(1);
        assertThat(instance(r2, id).getStatus()).isEqualTo(ExecutionStatus.Succeeded);
        assertThat(instance(r2, id).getLastEvent()).isEqualTo("AfterAllowTraffic");
      }
      // The second instance leaves only once the first is back and done with AfterAllowTraffic.
      int firstDone = timeline.indexOf("run AfterAllowTraffic " + ids.get(0) + " healthy");
      int secondOut = timeline.indexOf("deregister " + ids.get(1) + " " + TG);
      assertThat(secondOut).as(all).isGreaterThan(firstDone);
      assertThat(h.aws().traffic().outOfService()).isEmpty();
      assertThat(h.aws().traffic().sentWhileServing()).isEmpty();
      assertThat(r2.getStatus().getBatches())
          .extracting(BatchStatus::getHostParts)
          .containsOnly(List.of(1, 2, 3));
      assertThat(r2.getStatus().getBatches())
          .extracting(BatchStatus::getTraffic)
          .containsOnly(TrafficPhase.Allowed);
    }
  }

  @Test
  void noExtraSendsWhenTheRevisionsHaveNoTrafficHookScripts(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = fleet(h, 2, PredefinedDeploymentConfig.AllAtOnce);
      Deployment r1 = deploy(h, "web-r1", "fleet-app", "r1");
      Deployment r2 = deploy(h, "web-r2", "fleet-app", "r2");
      // The first deployment of traffic-app: the revision on the hosts (fleet-app) has no
      // BeforeBlockTraffic script, so only AfterAllowTraffic costs a send of its own.
      Deployment r3 = deploy(h, "web-r3", "traffic-app", "r3");
      for (Deployment d : List.of(r1, r2, r3)) {
        assertThat(d.getStatus().getPhase()).as(h.log()).isEqualTo(DeploymentPhase.Succeeded);
      }
      for (String id : ids) {
        for (Deployment d : List.of(r1, r2)) {
          List<HostPlan> plans = h.aws().plans(id(d), id);
          assertThat(plans).hasSize(1);
          assertThat(plans.get(0).part()).isEmpty();
          assertThat(plans.get(0).events())
              .containsExactlyElementsOf(
                  LifecycleEvent.inOrder(true).stream().map(Enum::name).toList());
        }
        assertThat(h.aws().plans(id(r3), id))
            .extracting(p -> p.part().orElseThrow().number())
            .containsExactly(2, 3);
        assertThat(h.aws().plans(id(r3), id).get(0).events())
            .startsWith("BeforeBlockTraffic", "BlockTraffic")
            .endsWith("BeforeAllowTraffic");
      }
      assertThat(r1.getStatus().getBatches())
          .extracting(BatchStatus::getHostParts)
          .containsOnlyNulls();
      assertThat(h.aws().traffic().outOfService()).isEmpty();
    }
  }

  @Test
  void aFailedBeforeBlockTrafficFailsTheInstanceWhichNeverLeavesService(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = fleet(h, 3, PredefinedDeploymentConfig.OneAtATime);
      deploy(h, "web-r1", "traffic-app", "r1");
      h.aws()
          .behaviour(
              ids.get(0),
              HostBehaviour.failAt(LifecycleEvent.BeforeBlockTraffic, Duration.ofSeconds(2)));
      int before = h.aws().traffic().log().size();
      Deployment r2 = deploy(h, "web-r2", "traffic-app", "r2");

      InstanceStatus failed = instance(r2, ids.get(0));
      assertThat(failed.getStatus()).isEqualTo(ExecutionStatus.Failed);
      assertThat(failed.getErrorCode()).isEqualTo("ScriptFailed");
      assertThat(failed.getLastEvent()).isEqualTo("BeforeBlockTraffic");
      assertThat(failed.getMessage()).startsWith("BeforeBlockTraffic failed");
      assertThat(r2.getStatus().getPhase()).isEqualTo(DeploymentPhase.Failed);
      List<String> timeline =
          h.aws().traffic().log().subList(before, h.aws().traffic().log().size());
      assertThat(timeline).noneMatch(e -> e.startsWith("deregister " + ids.get(0)));
      assertThat(h.aws().plans(id(r2), ids.get(0))).hasSize(1);
      assertThat(h.aws().traffic().outOfService()).isEmpty();
    }
  }

  @Test
  void aFailedAfterAllowTrafficFailsTheInstanceBackInService(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = fleet(h, 2, PredefinedDeploymentConfig.AllAtOnce);
      h.aws()
          .behaviour(
              ids.get(1),
              HostBehaviour.failAt(LifecycleEvent.AfterAllowTraffic, Duration.ofSeconds(2)));
      Deployment r1 = deploy(h, "web-r1", "traffic-app", "r1");
      InstanceStatus failed = instance(r1, ids.get(1));
      assertThat(failed.getStatus()).isEqualTo(ExecutionStatus.Failed);
      assertThat(failed.getLastEvent()).isEqualTo("AfterAllowTraffic");
      assertThat(failed.getEvents())
          .extracting(e -> e.getName())
          .containsExactly("AfterAllowTraffic");
      assertThat(instance(r1, ids.get(0)).getStatus()).isEqualTo(ExecutionStatus.Succeeded);
      assertThat(h.aws().traffic().log()).contains("register " + ids.get(1) + " " + TG);
      assertThat(h.aws().traffic().outOfService()).isEmpty();
    }
  }

  @Test
  void aStopAfterBeforeBlockTrafficTakesTheStartedInstancesThroughTheirParts(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = fleet(h, 2, PredefinedDeploymentConfig.OneAtATime);
      deploy(h, "web-r1", "traffic-app", "r1");
      h.create(
          Resources.deployment(
              h.namespace(), "web-r2", "web", BUCKET, h.uploadBundle("traffic-app", "r2")));
      h.awaitDeployment(
          "web-r2",
          d ->
              d.getStatus() != null
                  && d.getStatus().getBatches() != null
                  && d.getStatus().getBatches().stream()
                      .anyMatch(b -> b.getTraffic() == TrafficPhase.Blocking),
          Duration.ofMinutes(30));
      stop(h, "web-r2");
      Deployment r2 = h.awaitFinished("web-r2", Duration.ofMinutes(30));

      assertThat(r2.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      // The first instance had begun (BeforeBlockTraffic ran): it went through every part.
      assertThat(instance(r2, ids.get(0)).getStatus()).isEqualTo(ExecutionStatus.Succeeded);
      assertThat(h.aws().plans(id(r2), ids.get(0)))
          .extracting(p -> p.part().orElseThrow().number())
          .containsExactly(1, 2, 3);
      // The second one was never started.
      assertThat(instance(r2, ids.get(1)).getStatus()).isEqualTo(ExecutionStatus.Skipped);
      assertThat(h.aws().plans(id(r2), ids.get(1))).isEmpty();
      assertThat(h.aws().traffic().outOfService()).isEmpty();
      assertThat(h.aws().traffic().sentWhileServing()).isEmpty();
    }
  }

  @Test
  void aStopBeforeBeforeBlockTrafficWasSentSkipsTheBatch(TestInfo test) {
    try (ControllerHarness h = harness(test)) {
      List<String> ids = fleet(h, 2, PredefinedDeploymentConfig.AllAtOnce);
      deploy(h, "web-r1", "traffic-app", "r1");
      // The hosts never pick part 1 up: the stop cancels it, and nothing else is sent.
      ids.forEach(id -> h.aws().behaviour(id, HostBehaviour.offlineAgent()));
      int before = h.aws().traffic().log().size();
      h.create(
          Resources.deployment(
              h.namespace(), "web-r2", "web", BUCKET, h.uploadBundle("traffic-app", "r2")));
      h.awaitDeployment("web-r2", ControllerHarness.batchesStarted(1), Duration.ofMinutes(30));
      stop(h, "web-r2");
      Deployment r2 = h.awaitFinished("web-r2", Duration.ofMinutes(30));
      assertThat(r2.getStatus().getPhase()).isEqualTo(DeploymentPhase.Stopped);
      for (String id : ids) {
        assertThat(h.aws().plans(id(r2), id))
            .extracting(p -> p.part().map(PlanPart::number))
            .containsExactly(Optional.of(1));
        assertThat(instance(r2, id).getStatus()).isNotEqualTo(ExecutionStatus.InProgress);
      }
      List<String> log = h.aws().traffic().log();
      assertThat(log.subList(before, log.size())).noneMatch(e -> e.startsWith("deregister"));
      assertThat(h.aws().traffic().outOfService()).isEmpty();
    }
  }
}
