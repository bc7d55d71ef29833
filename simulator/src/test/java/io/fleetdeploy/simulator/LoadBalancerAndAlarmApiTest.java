package io.fleetdeploy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * ELBv2 target groups (draining and health-check delays on the simulator clock) and CloudWatch
 * alarms (Smithy RPC v2 CBOR, as the SDK speaks it) through the real SDK clients.
 */
class LoadBalancerAndAlarmApiTest {
  private AwsSimulator sim;
  private ElasticLoadBalancingV2Client elb;
  private CloudWatchClient cloudWatch;

  @BeforeEach
  void start() {
    sim = AwsSimulator.builder().build().start();
    elb = SdkClients.withoutRetries(sim).elbv2();
    cloudWatch = SdkClients.withoutRetries(sim).cloudWatch();
  }

  @AfterEach
  void stop() {
    elb.close();
    cloudWatch.close();
    sim.close();
  }

  private Map<String, TargetHealthStateEnum> health(String arn, List<String> ids) {
    return elb
        .describeTargetHealth(
            r ->
                r.targetGroupArn(arn)
                    .targets(
                        ids.stream()
                            .map(id -> TargetDescription.builder().id(id).build())
                            .toList()))
        .targetHealthDescriptions()
        .stream()
        .collect(
            Collectors.toMap(
                d -> d.target().id(), (TargetHealthDescription d) -> d.targetHealth().state()));
  }

  @Test
  void targetsDrainForTheDelayAndTurnHealthyAfterTheChecks() {
    List<String> ids = sim.addInstances(2, Map.of("app", "web"));
    String arn = sim.targetGroups().create("web", Duration.ofSeconds(30), Duration.ofSeconds(10));
    TargetDescription first = TargetDescription.builder().id(ids.get(0)).build();
    TargetDescription second = TargetDescription.builder().id(ids.get(1)).build();

    elb.registerTargets(r -> r.targetGroupArn(arn).targets(first, second));
    assertThat(health(arn, ids).values()).containsOnly(TargetHealthStateEnum.INITIAL);
    sim.advanceClock(Duration.ofSeconds(11));
    assertThat(health(arn, ids).values()).containsOnly(TargetHealthStateEnum.HEALTHY);

    elb.deregisterTargets(r -> r.targetGroupArn(arn).targets(first));
    elb.deregisterTargets(r -> r.targetGroupArn(arn).targets(first)); // idempotent
    assertThat(health(arn, ids))
        .containsEntry(ids.get(0), TargetHealthStateEnum.DRAINING)
        .containsEntry(ids.get(1), TargetHealthStateEnum.HEALTHY);
    sim.advanceClock(Duration.ofSeconds(31));
    assertThat(health(arn, ids)).containsEntry(ids.get(0), TargetHealthStateEnum.UNUSED);

    sim.targetGroups().failHealthChecks(ids.get(1), true);
    assertThat(health(arn, ids)).containsEntry(ids.get(1), TargetHealthStateEnum.UNHEALTHY);
    assertThat(sim.targetGroups().registered(arn)).containsExactly(ids.get(1));
  }

  @Test
  void theDeregistrationDelayIsATargetGroupAttribute() {
    String arn = sim.targetGroups().create("web", Duration.ofSeconds(45), Duration.ofSeconds(5));
    assertThat(
            elb.describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes().stream()
                .filter(a -> a.key().equals("deregistration_delay.timeout_seconds"))
                .findFirst()
                .orElseThrow()
                .value())
        .isEqualTo("45");
  }

  @Test
  void unknownTargetGroupsAndInstancesAreRefused() {
    String arn = sim.targetGroups().create("web", Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThatThrownBy(
            () ->
                elb.registerTargets(
                    r ->
                        r.targetGroupArn(arn + "x")
                            .targets(TargetDescription.builder().id("i-1").build())))
        .isInstanceOf(TargetGroupNotFoundException.class);
    assertThatThrownBy(
            () ->
                elb.registerTargets(
                    r ->
                        r.targetGroupArn(arn)
                            .targets(TargetDescription.builder().id("i-0000000000").build())))
        .isInstanceOf(InvalidTargetException.class);
  }

  @Test
  void alarmsAreDescribedAndSetThroughCbor() {
    sim.alarms().create("web-5xx");
    sim.alarms().create("web-latency");
    cloudWatch.setAlarmState(
        r -> r.alarmName("web-5xx").stateValue(StateValue.ALARM).stateReason("test"));

    List<MetricAlarm> alarms =
        cloudWatch
            .describeAlarms(r -> r.alarmNames("web-5xx", "web-latency", "nope"))
            .metricAlarms();
    assertThat(alarms)
        .extracting(MetricAlarm::alarmName, MetricAlarm::stateValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("web-5xx", StateValue.ALARM),
            org.assertj.core.groups.Tuple.tuple("web-latency", StateValue.INSUFFICIENT_DATA));
    assertThat(alarms.get(0).stateUpdatedTimestamp()).isNotNull();
  }

  @Test
  void settingAMissingAlarmIsResourceNotFound() {
    assertThatThrownBy(
            () ->
                cloudWatch.setAlarmState(
                    r -> r.alarmName("nope").stateValue(StateValue.OK).stateReason("test")))
        .isInstanceOf(ResourceNotFoundException.class);
  }
}
