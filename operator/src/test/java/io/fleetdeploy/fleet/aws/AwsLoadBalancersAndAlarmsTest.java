package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.fleet.Alarms.AlarmState;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.LoadBalancers.ClassicLoadBalancer;
import io.fleetdeploy.fleet.LoadBalancers.Target;
import io.fleetdeploy.fleet.LoadBalancers.TargetGroup;
import io.fleetdeploy.fleet.LoadBalancers.TargetHealth;
import io.fleetdeploy.simulator.AwsSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;

/**
 * The load balancer and alarm adapters through the real ELBv2, Classic ELB and CloudWatch clients.
 */
class AwsLoadBalancersAndAlarmsTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();

  @Test
  void deregistersDrainsRegistersAndReadsHealth() {
    AwsSimulator sim = AWS.simulator();
    List<String> ids = sim.addInstances(2, Map.of("app", "lb"));
    Target tg =
        new TargetGroup(
            sim.targetGroups().create("lb-web", Duration.ofSeconds(40), Duration.ofSeconds(5)));
    AwsLoadBalancers lbs = new AwsLoadBalancers(AWS.aws());

    lbs.register(tg, ids);
    assertThat(lbs.health(tg, ids).values()).containsOnly(TargetHealth.INITIAL);
    sim.advanceClock(Duration.ofSeconds(6));
    assertThat(lbs.health(tg, ids).values()).containsOnly(TargetHealth.HEALTHY);

    lbs.deregister(tg, List.of(ids.get(0)));
    assertThat(lbs.health(tg, ids))
        .containsEntry(ids.get(0), TargetHealth.DRAINING)
        .containsEntry(ids.get(1), TargetHealth.HEALTHY);
    assertThat(lbs.drainDelay(tg)).isEqualTo(Duration.ofSeconds(40));
    sim.advanceClock(Duration.ofSeconds(41));
    assertThat(lbs.health(tg, ids)).containsEntry(ids.get(0), TargetHealth.UNUSED);

    sim.targetGroups().failHealthChecks(ids.get(1), true);
    assertThat(lbs.health(tg, ids)).containsEntry(ids.get(1), TargetHealth.UNHEALTHY);
  }

  @Test
  void aMissingTargetGroupIsAClearPermanentError() {
    AwsLoadBalancers lbs = new AwsLoadBalancers(AWS.aws());
    Target missing =
        new TargetGroup("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/none/1");
    assertThatThrownBy(() -> lbs.deregister(missing, List.of("i-1")))
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.error()).isEqualTo(FleetError.INVALID_REQUEST))
        .hasMessageContaining("TargetGroupNotFound")
        .hasMessageContaining("targetgroup/none/1");
  }

  @Test
  void classicLoadBalancersDrainForTheirConnectionDrainingTimeout() {
    AwsSimulator sim = AWS.simulator();
    List<String> ids = sim.addInstances(2, Map.of("app", "classic"));
    sim.classicLoadBalancers()
        .create("adapter-classic", Optional.of(Duration.ofSeconds(40)), Duration.ofSeconds(5));
    Target elb = new ClassicLoadBalancer("adapter-classic");
    AwsLoadBalancers lbs = new AwsLoadBalancers(AWS.aws());
    assertThat(elb).hasToString("classic load balancer adapter-classic");

    assertThat(lbs.health(elb, ids).values()).containsOnly(TargetHealth.UNUSED);
    lbs.register(elb, ids);
    assertThat(lbs.health(elb, ids).values()).containsOnly(TargetHealth.INITIAL);
    sim.advanceClock(Duration.ofSeconds(6));
    assertThat(lbs.health(elb, ids).values()).containsOnly(TargetHealth.HEALTHY);

    lbs.deregister(elb, List.of(ids.get(0)));
    lbs.deregister(elb, List.of(ids.get(0))); // idempotent
    assertThat(lbs.health(elb, ids))
        .containsEntry(ids.get(0), TargetHealth.DRAINING)
        .containsEntry(ids.get(1), TargetHealth.HEALTHY);
    assertThat(lbs.drainDelay(elb)).isEqualTo(Duration.ofSeconds(40));
    sim.advanceClock(Duration.ofSeconds(41));
    assertThat(lbs.health(elb, ids)).containsEntry(ids.get(0), TargetHealth.UNUSED);

    sim.classicLoadBalancers().failHealthChecks(ids.get(1), true);
    assertThat(lbs.health(elb, ids)).containsEntry(ids.get(1), TargetHealth.UNHEALTHY);
    assertThat(AWS.aws().counter().calls())
        .containsKeys(
            "ElasticLoadBalancing.RegisterInstancesWithLoadBalancer",
            "ElasticLoadBalancing.DeregisterInstancesFromLoadBalancer",
            "ElasticLoadBalancing.DescribeInstanceHealth",
            "ElasticLoadBalancing.DescribeLoadBalancerAttributes");
  }

  @Test
  void withoutConnectionDrainingThereIsNothingToWaitFor() {
    AWS.simulator().classicLoadBalancers().create("adapter-quick", Optional.empty(), Duration.ZERO);
    assertThat(new AwsLoadBalancers(AWS.aws()).drainDelay(new ClassicLoadBalancer("adapter-quick")))
        .isZero();
  }

  @Test
  void deregisteringInstancesAClassicLoadBalancerNeverHadDeregistersTheOthers() {
    AwsSimulator sim = AWS.simulator();
    List<String> ids = sim.addInstances(2, Map.of("app", "classic-new"));
    sim.classicLoadBalancers()
        .create("adapter-partial", Optional.of(Duration.ofSeconds(10)), Duration.ZERO);
    sim.classicLoadBalancers().register("adapter-partial", List.of(ids.get(0)));
    Target elb = new ClassicLoadBalancer("adapter-partial");
    AwsLoadBalancers lbs = new AwsLoadBalancers(AWS.aws());

    // AWS refuses the whole call for the instance it never had; the adapter retries without it.
    lbs.deregister(elb, ids);
    assertThat(sim.classicLoadBalancers().registered("adapter-partial")).isEmpty();
    assertThat(lbs.health(elb, ids))
        .containsEntry(ids.get(0), TargetHealth.DRAINING)
        .containsEntry(ids.get(1), TargetHealth.UNUSED);
  }

  @Test
  void aMissingClassicLoadBalancerIsAClearPermanentError() {
    AwsLoadBalancers lbs = new AwsLoadBalancers(AWS.aws());
    Target missing = new ClassicLoadBalancer("adapter-none");
    for (Runnable call :
        List.<Runnable>of(
            () -> lbs.deregister(missing, List.of("i-1")),
            () -> lbs.register(missing, List.of("i-1")),
            () -> lbs.health(missing, List.of("i-1")),
            () -> lbs.drainDelay(missing))) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              FleetException.class,
              e -> assertThat(e.error()).isEqualTo(FleetError.INVALID_REQUEST))
          .hasMessageContaining("LoadBalancerNotFound")
          .hasMessageContaining("classic load balancer adapter-none");
    }
  }

  /** Classic ELB's three states and its documented descriptions, as the rollout reads them. */
  @Test
  void classicInstanceStatesMapToTheRolloutsHealth() {
    Map<List<String>, TargetHealth> cases =
        Map.of(
            List.of("InService", "N/A"), TargetHealth.HEALTHY,
            List.of("Unknown", "A transient error occurred. Please try again later."),
                TargetHealth.INITIAL,
            List.of("OutOfService", "Instance registration is still in progress."),
                TargetHealth.INITIAL,
            List.of(
                    "OutOfService",
                    "Instance has not passed the configured HealthyThreshold number of health"
                        + " checks consecutively."),
                TargetHealth.INITIAL,
            List.of("OutOfService", "Instance deregistration currently in progress."),
                TargetHealth.DRAINING,
            List.of("OutOfService", "Instance is not currently registered with the LoadBalancer."),
                TargetHealth.UNUSED,
            List.of(
                    "OutOfService",
                    "Instance has failed at least the UnhealthyThreshold number of health checks"
                        + " consecutively."),
                TargetHealth.UNHEALTHY,
            List.of("OutOfService", "Instance is in stopped state."), TargetHealth.UNHEALTHY);
    cases.forEach(
        (state, health) ->
            assertThat(
                    AwsLoadBalancers.classicHealth(
                        InstanceState.builder()
                            .instanceId("i-1")
                            .state(state.get(0))
                            .description(state.get(1))
                            .build()))
                .as("%s", state)
                .isEqualTo(health));
  }

  @Test
  void accessDeniedOnAClassicLoadBalancerPointsAtThePolicy() {
    try (CannedAwsEndpoint canned = new CannedAwsEndpoint();
        AwsClients clients =
            new AwsClients(
                new AwsSettings(
                    SimulatedAws.REGION,
                    Optional.of(canned.endpoint()),
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("fleetdeploy", "local")),
                    1))) {
      canned.answer(
          403,
          "text/xml",
          "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/\">"
              + "<Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not"
              + " authorized to perform:"
              + " elasticloadbalancing:DeregisterInstancesFromLoadBalancer</Message></Error>"
              + "<RequestId>canned-request</RequestId></ErrorResponse>");
      assertThatThrownBy(
              () ->
                  new AwsLoadBalancers(clients)
                      .deregister(new ClassicLoadBalancer("web"), List.of("i-1")))
          .isInstanceOfSatisfying(
              FleetException.class, e -> assertThat(e.error()).isEqualTo(FleetError.ACCESS_DENIED))
          .hasMessageContaining("deregistering instances from classic load balancer web")
          .hasMessageContaining("elasticloadbalancing:DeregisterInstancesFromLoadBalancer")
          .hasMessageContaining("docs/iam-policy.json");
    }
  }

  @Test
  void readsAlarmStatesAndLeavesOutMissingOnes() {
    AwsSimulator sim = AWS.simulator();
    sim.alarms().create("adapter-5xx");
    sim.alarms().create("adapter-latency");
    sim.alarms().setState("adapter-5xx", "ALARM", "test");
    sim.alarms().setState("adapter-latency", "OK", "test");
    Map<String, AlarmState> states =
        new AwsAlarms(AWS.aws()).states(List.of("adapter-5xx", "adapter-latency", "adapter-none"));
    assertThat(states)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("adapter-5xx", AlarmState.ALARM, "adapter-latency", AlarmState.OK));
  }
}
