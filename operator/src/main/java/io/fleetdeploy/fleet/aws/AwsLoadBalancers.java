package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.LoadBalancers;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancing.model.ConnectionDraining;
import software.amazon.awssdk.services.elasticloadbalancing.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancing.model.InvalidInstanceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Elastic Load Balancing v2 target groups: DeregisterTargets, RegisterTargets (both idempotent),
 * DescribeTargetHealth, and the deregistration delay from DescribeTargetGroupAttributes. Instances
 * are registered as instance targets without a port (the target group's port applies).
 *
 * <p>Classic Load Balancers: DeregisterInstancesFromLoadBalancer (made idempotent here: Classic ELB
 * refuses instances it never had), RegisterInstancesWithLoadBalancer, DescribeInstanceHealth, and
 * the connection draining timeout from DescribeLoadBalancerAttributes. Classic ELB has no draining
 * state of its own: an instance whose deregistration is in progress is OutOfService with the
 * description "Instance deregistration currently in progress.", which is read as {@link
 * TargetHealth#DRAINING} (so a batch waits for it as for a draining target), and one "not currently
 * registered" as {@link TargetHealth#UNUSED}.
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
    String what = "deregistering instances from " + target;
    if (target instanceof ClassicLoadBalancer classic) {
      try {
        deregisterClassic(classic, instanceIds);
      } catch (InvalidInstanceException e) {
        // Classic ELB refuses the whole call (InvalidInstance) when one of the instances was never
        // registered with it. Deregister those it has; the others are out already.
        Map<String, TargetHealth> health = health(target, instanceIds);
        List<String> registered =
            instanceIds.stream()
                .filter(id -> health.get(id) != TargetHealth.UNUSED)
                .filter(id -> health.get(id) != TargetHealth.DRAINING)
                .toList();
        if (!registered.isEmpty()) {
          AwsErrors.run(what, () -> deregisterClassic(classic, registered));
        }
      } catch (SdkException e) {
        throw AwsErrors.classify(what, e);
      }
    } else {
      String arn = ((TargetGroup) target).arn();
      AwsErrors.run(
          what,
          () ->
              aws.elbv2()
                  .deregisterTargets(
                      r -> r.targetGroupArn(arn).targets(descriptions(instanceIds))));
    }
  }

  private void deregisterClassic(ClassicLoadBalancer classic, Collection<String> instanceIds) {
    aws.elb()
        .deregisterInstancesFromLoadBalancer(
            r -> r.loadBalancerName(classic.name()).instances(instances(instanceIds)));
  }

  @Override
  public void register(Target target, Collection<String> instanceIds) {
    if (instanceIds.isEmpty()) {
      return;
    }
    String what = "registering instances with " + target;
    if (target instanceof ClassicLoadBalancer classic) {
      AwsErrors.run(
          what,
          () ->
              aws.elb()
                  .registerInstancesWithLoadBalancer(
                      r -> r.loadBalancerName(classic.name()).instances(instances(instanceIds))));
    } else {
      String arn = ((TargetGroup) target).arn();
      AwsErrors.run(
          what,
          () ->
              aws.elbv2()
                  .registerTargets(r -> r.targetGroupArn(arn).targets(descriptions(instanceIds))));
    }
  }

  @Override
  public Map<String, TargetHealth> health(Target target, Collection<String> instanceIds) {
    Map<String, TargetHealth> out = new LinkedHashMap<>();
    instanceIds.forEach(id -> out.put(id, TargetHealth.UNUSED));
    if (instanceIds.isEmpty()) {
      return out;
    }
    String what = "reading target health of " + target;
    if (target instanceof ClassicLoadBalancer classic) {
      // Terminated instances are left out of the answer: they stay UNUSED.
      List<InstanceState> found =
          AwsErrors.call(
              what,
              () ->
                  aws.elb()
                      .describeInstanceHealth(
                          r -> r.loadBalancerName(classic.name()).instances(instances(instanceIds)))
                      .instanceStates());
      for (InstanceState state : found) {
        if (out.containsKey(state.instanceId())) {
          out.put(state.instanceId(), classicHealth(state));
        }
      }
      return out;
    }
    String arn = ((TargetGroup) target).arn();
    List<TargetHealthDescription> found =
        AwsErrors.call(
            what,
            () ->
                aws.elbv2()
                    .describeTargetHealth(
                        r -> r.targetGroupArn(arn).targets(descriptions(instanceIds)))
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

  /**
   * Classic ELB's three states carry less than ELBv2's five; the OutOfService description (one of
   * the fixed messages the API documents for InstanceState) tells the cases apart. Unknown (a
   * transient error on ELB's side) is read as INITIAL: not healthy yet, nor failing.
   */
  static TargetHealth classicHealth(InstanceState state) {
    String s = state.state() == null ? "" : state.state();
    String description =
        state.description() == null ? "" : state.description().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "InService" -> TargetHealth.HEALTHY;
      case "Unknown" -> TargetHealth.INITIAL;
      default -> {
        if (description.contains("deregistration currently in progress")) {
          yield TargetHealth.DRAINING;
        }
        if (description.contains("not currently registered")) {
          yield TargetHealth.UNUSED;
        }
        if (description.contains("registration is still in progress")
            || description.contains("has not passed the configured healthythreshold")) {
          yield TargetHealth.INITIAL;
        }
        // Failed health checks, a stopped or pending instance, a zone the load balancer does not
        // route to: registered but not serving.
        yield TargetHealth.UNHEALTHY;
      }
    };
  }

  @Override
  public Duration drainDelay(Target target) {
    String what = "reading the attributes of " + target;
    if (target instanceof ClassicLoadBalancer classic) {
      ConnectionDraining draining =
          AwsErrors.call(
              what,
              () ->
                  aws.elb()
                      .describeLoadBalancerAttributes(r -> r.loadBalancerName(classic.name()))
                      .loadBalancerAttributes()
                      .connectionDraining());
      // Without connection draining, deregistration cuts connections at once: nothing to wait.
      if (draining == null
          || !Boolean.TRUE.equals(draining.enabled())
          || draining.timeout() == null) {
        return Duration.ZERO;
      }
      return Duration.ofSeconds(draining.timeout());
    }
    String arn = ((TargetGroup) target).arn();
    List<TargetGroupAttribute> attributes =
        AwsErrors.call(
            what,
            () ->
                aws.elbv2().describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes());
    return attributes.stream()
        .filter(a -> "deregistration_delay.timeout_seconds".equals(a.key()))
        .map(a -> Duration.ofSeconds(Long.parseLong(a.value())))
        .findFirst()
        .orElse(DEFAULT_DELAY);
  }

  private static List<TargetDescription> descriptions(Collection<String> instanceIds) {
    return instanceIds.stream().map(id -> TargetDescription.builder().id(id).build()).toList();
  }

  private static List<Instance> instances(Collection<String> instanceIds) {
    return instanceIds.stream().map(id -> Instance.builder().instanceId(id).build()).toList();
  }
}
