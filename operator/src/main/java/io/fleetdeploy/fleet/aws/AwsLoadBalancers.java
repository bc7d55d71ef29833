package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.LoadBalancers;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Elastic Load Balancing v2 target groups: DeregisterTargets, RegisterTargets (both idempotent),
 * DescribeTargetHealth, and the deregistration delay from DescribeTargetGroupAttributes. Instances
 * are registered as instance targets without a port (the target group's port applies).
 */
final class AwsLoadBalancers implements LoadBalancers {
  /** ELBv2's default deregistration delay, when the attribute is not set. */
  private static final Duration DEFAULT_DELAY = Duration.ofSeconds(300);

  private final AwsClients aws;

  AwsLoadBalancers(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public void deregister(Target target, Collection<String> instanceIds) {
    if (instanceIds.isEmpty()) {
      return;
    }
    AwsErrors.run(
        "deregistering instances from " + target,
        () ->
            aws.elbv2()
                .deregisterTargets(
                    r -> r.targetGroupArn(target.arn()).targets(descriptions(instanceIds))));
  }

  @Override
  public void register(Target target, Collection<String> instanceIds) {
    if (instanceIds.isEmpty()) {
      return;
    }
    AwsErrors.run(
        "registering instances with " + target,
        () ->
            aws.elbv2()
                .registerTargets(
                    r -> r.targetGroupArn(target.arn()).targets(descriptions(instanceIds))));
  }

  @Override
  public Map<String, TargetHealth> health(Target target, Collection<String> instanceIds) {
    Map<String, TargetHealth> out = new LinkedHashMap<>();
    instanceIds.forEach(id -> out.put(id, TargetHealth.UNUSED));
    if (instanceIds.isEmpty()) {
      return out;
    }
    List<TargetHealthDescription> found =
        AwsErrors.call(
            "reading target health of " + target,
            () ->
                aws.elbv2()
                    .describeTargetHealth(
                        r -> r.targetGroupArn(target.arn()).targets(descriptions(instanceIds)))
                    .targetHealthDescriptions());
    for (TargetHealthDescription d : found) {
      String id = d.target().id();
      if (out.containsKey(id)) {
        out.put(id, health(d.targetHealth().state()));
      }
    }
    return out;
  }

  private static TargetHealth health(TargetHealthStateEnum state) {
    if (state == null) {
      return TargetHealth.UNHEALTHY;
    }
    return switch (state) {
      case HEALTHY -> TargetHealth.HEALTHY;
      case INITIAL -> TargetHealth.INITIAL;
      case DRAINING -> TargetHealth.DRAINING;
      case UNUSED -> TargetHealth.UNUSED;
      // unavailable (health checks off), unhealthy, unhealthy.draining: not serving as it should.
      default -> TargetHealth.UNHEALTHY;
    };
  }

  @Override
  public Duration drainDelay(Target target) {
    List<TargetGroupAttribute> attributes =
        AwsErrors.call(
            "reading the attributes of " + target,
            () ->
                aws.elbv2()
                    .describeTargetGroupAttributes(r -> r.targetGroupArn(target.arn()))
                    .attributes());
    return attributes.stream()
        .filter(a -> "deregistration_delay.timeout_seconds".equals(a.key()))
        .map(a -> Duration.ofSeconds(Long.parseLong(a.value())))
        .findFirst()
        .orElse(DEFAULT_DELAY);
  }

  private static List<TargetDescription> descriptions(Collection<String> instanceIds) {
    return instanceIds.stream().map(id -> TargetDescription.builder().id(id).build()).toList();
  }
}
