package io.fleetdeploy.fleet;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Takes instances out of their load balancers and puts them back (Elastic Load Balancing v2 target
 * groups in production). Every operation is idempotent: deregistering an instance that is not
 * registered, or registering one that is, changes nothing.
 */
public interface LoadBalancers {

  /** An Elastic Load Balancing v2 target group the instances are registered in, by ARN. */
  record Target(String arn) {
    /** For messages. */
    @Override
    public String toString() {
      return "target group " + arn;
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

  /** How long draining takes at most: the target group's deregistration delay. */
  Duration drainDelay(Target target);
}
