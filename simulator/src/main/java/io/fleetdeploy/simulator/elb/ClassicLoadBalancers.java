package io.fleetdeploy.simulator.elb;

import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.fleet.InstanceState;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The simulator's Classic Load Balancers, on the simulator clock, with Classic ELB's three states
 * and its fixed descriptions: a registered instance is {@code OutOfService} ("Instance registration
 * is still in progress.") for the health-check delay, then {@code InService} (or {@code
 * OutOfService} when it is not running or a test marked it failing); a deregistered one is {@code
 * OutOfService} ("Instance deregistration currently in progress.") for the connection draining
 * timeout when connection draining is on, then "not currently registered".
 *
 * <p>As AWS does, deregistering an instance the load balancer never had is refused with {@code
 * InvalidInstance} (and nothing of the call is done); one it had before is a no-op.
 */
public final class ClassicLoadBalancers {
  static final String REGISTERING = "Instance registration is still in progress.";
  static final String DEREGISTERING = "Instance deregistration currently in progress.";
  static final String NOT_REGISTERED =
      "Instance is not currently registered with the LoadBalancer.";
  static final String FAILING =
      "Instance has failed at least the UnhealthyThreshold number of health checks consecutively.";

  /** One instance's state, as DescribeInstanceHealth names it. */
  public record InstanceHealth(String state, String reasonCode, String description) {}

  private final Fleet fleet;
  private final SimClock clock;
  private final String region;
  private final Map<String, Balancer> balancers = new LinkedHashMap<>();
  private final Set<String> failing = new HashSet<>();

  public ClassicLoadBalancers(Fleet fleet, SimClock clock, String region) {
    this.fleet = fleet;
    this.clock = clock;
    this.region = region;
  }

  private static final class Balancer {
    /** Empty: connection draining off. */
    Optional<Duration> connectionDraining;

    final Duration healthCheckDelay;
    final Map<String, Instant> registeredAt = new LinkedHashMap<>();
    final Map<String, Instant> deregisteredAt = new LinkedHashMap<>();

    Balancer(Optional<Duration> connectionDraining, Duration healthCheckDelay) {
      this.connectionDraining = connectionDraining;
      this.healthCheckDelay = healthCheckDelay;
    }
  }

  /**
   * Creates a Classic Load Balancer (again: no change); {@code connectionDraining} empty means
   * connection draining is off, as for one created through the API.
   */
  public synchronized void create(
      String name, Optional<Duration> connectionDraining, Duration healthCheckDelay) {
    if (!name.matches("[a-zA-Z0-9]([a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?")) {
      throw ApiException.badRequest(
          "ValidationError",
          "LoadBalancerName '"
              + name
              + "' must have 1 to 32 alphanumeric characters or hyphens, and must not begin or"
              + " end with a hyphen");
    }
    balancers.putIfAbsent(name, new Balancer(connectionDraining, healthCheckDelay));
  }

  /** The DNS name AWS gives a load balancer of this name. */
  public synchronized String dnsName(String name) {
    require(name);
    return String.format(
        "%s-%09d.%s.elb.amazonaws.com",
        name, Math.floorMod(name.hashCode(), 1_000_000_000), region);
  }

  /** From now on the instance fails its health checks (or passes them again). */
  public synchronized void failHealthChecks(String instanceId, boolean fail) {
    if (fail) {
      failing.add(instanceId);
    } else {
      failing.remove(instanceId);
    }
  }

  private Balancer require(String name) {
    Balancer b = balancers.get(name);
    if (b == null) {
      throw ApiException.badRequest(
          "LoadBalancerNotFound", "There is no ACTIVE Load Balancer named '" + name + "'");
    }
    return b;
  }

  private InstanceSnapshot requireInstance(String id) {
    InstanceSnapshot instance = fleet.find(id);
    if (instance == null || instance.state() == InstanceState.TERMINATED) {
      throw ApiException.badRequest("InvalidInstance", "Could not find EC2 instance " + id + ".");
    }
    return instance;
  }

  /** Registers the instances; returns every instance registered now. */
  public synchronized List<String> register(String name, Collection<String> instanceIds) {
    Balancer b = require(name);
    instanceIds.forEach(this::requireInstance);
    for (String id : instanceIds) {
      if (!b.registeredAt.containsKey(id)) {
        b.registeredAt.put(id, clock.now());
        b.deregisteredAt.remove(id);
      }
    }
    return List.copyOf(b.registeredAt.keySet());
  }

  /** Deregisters the instances; returns every instance still registered. */
  public synchronized List<String> deregister(String name, Collection<String> instanceIds) {
    Balancer b = require(name);
    for (String id : instanceIds) {
      if (!b.registeredAt.containsKey(id) && !b.deregisteredAt.containsKey(id)) {
        throw ApiException.badRequest("InvalidInstance", "Could not find EC2 instance " + id + ".");
      }
    }
    for (String id : instanceIds) {
      if (b.registeredAt.remove(id) != null) {
        b.deregisteredAt.put(id, clock.now());
      }
    }
    return List.copyOf(b.registeredAt.keySet());
  }

  /**
   * Each instance's health; with no ids, every registered instance. Terminated instances are left
   * out, as AWS does; ids that are no instance at all are refused.
   */
  public synchronized Map<String, InstanceHealth> health(
      String name, Collection<String> instanceIds) {
    Balancer b = require(name);
    List<String> ids = new ArrayList<>(instanceIds);
    if (ids.isEmpty()) {
      ids.addAll(b.registeredAt.keySet());
    }
    Map<String, InstanceHealth> out = new LinkedHashMap<>();
    for (String id : ids) {
      InstanceSnapshot instance = fleet.find(id);
      if (instance == null) {
        throw ApiException.badRequest("InvalidInstance", "Could not find EC2 instance " + id + ".");
      }
      if (instance.state() != InstanceState.TERMINATED) {
        out.put(id, health(b, id, instance));
      }
    }
    return out;
  }

  private InstanceHealth health(Balancer b, String id, InstanceSnapshot instance) {
    Instant now = clock.now();
    Instant registered = b.registeredAt.get(id);
    if (registered != null) {
      if (instance.state() != InstanceState.RUNNING) {
        return new InstanceHealth(
            "OutOfService",
            "Instance",
            "Instance is in " + instance.state().wireName() + " state.");
      }
      if (now.isBefore(registered.plus(b.healthCheckDelay))) {
        return new InstanceHealth("OutOfService", "ELB", REGISTERING);
      }
      return failing.contains(id)
          ? new InstanceHealth("OutOfService", "Instance", FAILING)
          : new InstanceHealth("InService", "N/A", "N/A");
    }
    Instant left = b.deregisteredAt.get(id);
    if (left != null
        && b.connectionDraining.isPresent()
        && now.isBefore(left.plus(b.connectionDraining.get()))) {
      return new InstanceHealth("OutOfService", "ELB", DEREGISTERING);
    }
    return new InstanceHealth("OutOfService", "N/A", NOT_REGISTERED);
  }

  /** The connection draining timeout; empty when connection draining is off. */
  public synchronized Optional<Duration> connectionDraining(String name) {
    return require(name).connectionDraining;
  }

  public synchronized void connectionDraining(String name, Optional<Duration> timeout) {
    require(name).connectionDraining = timeout;
  }

  /** The instances registered now (draining ones are not). */
  public synchronized List<String> registered(String name) {
    return List.copyOf(require(name).registeredAt.keySet());
  }

  public synchronized List<String> names() {
    return List.copyOf(balancers.keySet());
  }
}
