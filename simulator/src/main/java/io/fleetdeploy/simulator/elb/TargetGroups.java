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
import java.util.Set;

/**
 * The simulator's ELBv2 target groups, on the simulator clock: a registered instance is {@code
 * initial} for the health-check delay, then {@code healthy} (or {@code unhealthy} if it is not
 * running, or a test marked it failing); a deregistered one is {@code draining} for the group's
 * deregistration delay, then {@code unused}.
 */
public final class TargetGroups {
  /** One target's state, as DescribeTargetHealth names it, with its reason. */
  public record Health(String state, String reason) {}

  private final Fleet fleet;
  private final SimClock clock;
  private final String region;
  private final String accountId;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Set<String> failing = new HashSet<>();
  private int next = 1;

  public TargetGroups(Fleet fleet, SimClock clock, String region, String accountId) {
    this.fleet = fleet;
    this.clock = clock;
    this.region = region;
    this.accountId = accountId;
  }

  private static final class Group {
    final String name;
    Duration deregistrationDelay;
    Duration healthCheckDelay;
    final Map<String, Instant> registeredAt = new LinkedHashMap<>();
    final Map<String, Instant> deregisteredAt = new LinkedHashMap<>();

    Group(String name, Duration deregistrationDelay, Duration healthCheckDelay) {
      this.name = name;
      this.deregistrationDelay = deregistrationDelay;
      this.healthCheckDelay = healthCheckDelay;
    }
  }

  /** Creates a target group; returns its ARN. */
  public synchronized String create(
      String name, Duration deregistrationDelay, Duration healthCheckDelay) {
    String arn =
        "arn:aws:elasticloadbalancing:"
            + region
            + ":"
            + accountId
            + ":targetgroup/"
            + name
            + "/"
            + String.format("%016x", next++);
    groups.put(arn, new Group(name, deregistrationDelay, healthCheckDelay));
    return arn;
  }

  /** From now on the instance fails its health checks (or passes them again). */
  public synchronized void failHealthChecks(String instanceId, boolean fail) {
    if (fail) {
      failing.add(instanceId);
    } else {
      failing.remove(instanceId);
    }
  }

  private Group require(String arn) {
    Group g = groups.get(arn);
    if (g == null) {
      throw ApiException.badRequest(
          "TargetGroupNotFound", "One or more target groups not found: " + arn);
    }
    return g;
  }

  public synchronized void register(String arn, Collection<String> instanceIds) {
    Group g = require(arn);
    for (String id : instanceIds) {
      InstanceSnapshot instance = fleet.find(id);
      if (instance == null || instance.state() == InstanceState.TERMINATED) {
        throw ApiException.badRequest(
            "InvalidTarget", "The following targets are not valid instances: " + id);
      }
    }
    for (String id : instanceIds) {
      if (!g.registeredAt.containsKey(id)) {
        g.registeredAt.put(id, clock.now());
        g.deregisteredAt.remove(id);
      }
    }
  }

  public synchronized void deregister(String arn, Collection<String> instanceIds) {
    Group g = require(arn);
    for (String id : instanceIds) {
      if (g.registeredAt.remove(id) != null) {
        g.deregisteredAt.put(id, clock.now());
      }
    }
  }

  /** Each target's health; with no ids, every registered or draining target. */
  public synchronized Map<String, Health> health(String arn, Collection<String> instanceIds) {
    Group g = require(arn);
    List<String> ids = new ArrayList<>(instanceIds);
    if (ids.isEmpty()) {
      ids.addAll(g.registeredAt.keySet());
      g.deregisteredAt.keySet().stream()
          .filter(id -> health(g, id).state().equals("draining"))
          .forEach(ids::add);
    }
    Map<String, Health> out = new LinkedHashMap<>();
    ids.forEach(id -> out.put(id, health(g, id)));
    return out;
  }

  private Health health(Group g, String id) {
    Instant now = clock.now();
    Instant registered = g.registeredAt.get(id);
    if (registered != null) {
      InstanceSnapshot instance = fleet.find(id);
      if (instance == null || instance.state() != InstanceState.RUNNING) {
        return new Health("unused", "Target.InvalidState");
      }
      if (now.isBefore(registered.plus(g.healthCheckDelay))) {
        return new Health("initial", "Elb.RegistrationInProgress");
      }
      return failing.contains(id)
          ? new Health("unhealthy", "Target.FailedHealthChecks")
          : new Health("healthy", null);
    }
    Instant left = g.deregisteredAt.get(id);
    if (left != null && now.isBefore(left.plus(g.deregistrationDelay))) {
      return new Health("draining", "Target.DeregistrationInProgress");
    }
    return new Health("unused", "Target.NotRegistered");
  }

  public synchronized Duration deregistrationDelay(String arn) {
    return require(arn).deregistrationDelay;
  }

  public synchronized void deregistrationDelay(String arn, Duration delay) {
    require(arn).deregistrationDelay = delay;
  }

  /** The instances registered now (draining ones are not). */
  public synchronized List<String> registered(String arn) {
    return List.copyOf(require(arn).registeredAt.keySet());
  }

  public synchronized String name(String arn) {
    return require(arn).name;
  }

  public synchronized List<String> arns() {
    return List.copyOf(groups.keySet());
  }
}
