package io.fleetdeploy.fleet;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Takes instances out of their load balancers and puts them back (Elastic Load Balancing v2 target
 * groups and Classic Load Balancers in production). Every operation is idempotent: deregistering an
 * instance that is not registered, or registering one that is, changes nothing.
 */
public interface LoadBalancers {

  /** A load balancer the instances are registered in: a target group or a Classic one. */
  sealed interface Target permits TargetGroup, ClassicLoadBalancer {}

  /** An Elastic Load Balancing v2 target group, by ARN. */
  record TargetGroup(String arn) implements Target {
    /** For messages. */
    @Override
    public String toString() {
      return "target group " + arn;
    }
  }

  /** A Classic Load Balancer, by name. */
  record ClassicLoadBalancer(String name) implements Target {
    /** For messages. */
    @Override
    public String toString() {
      return "classic load balancer " + name;
    }
  }

  /** An instance's state in one load balancer. */
  enum TargetHealth {
    /** Registered and passing health checks: receives traffic. */
    HEALTHY,
    /** Registered, health checks not passed yet. */
    INITIAL,
    /** Registered, failing health checks. */
    UNHEALTHY,
    /** Deregistered, connections still draining. */
    DRAINING,
    /** Not registered (any more). */
    UNUSED;
  }

  /** Deregisters the instances (BlockTraffic); draining starts. */
  void deregister(Target target, Collection<String> instanceIds);

  /** Registers the instances (AllowTraffic); health checks start. */
  void register(Target target, Collection<String> instanceIds);

  /** Each instance's state in the load balancer (every instance asked about is in the map). */
  Map<String, TargetHealth> health(Target target, Collection<String> instanceIds);

  /**
   * How long draining takes at most: the target group's deregistration delay, the Classic Load
   * Balancer's connection draining timeout (zero when connection draining is off).
   */
  Duration drainDelay(Target target);
}
