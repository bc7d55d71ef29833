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
