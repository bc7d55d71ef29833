package io.fleetdeploy.testing.fleet;

import io.fleetdeploy.fleet.Alarms.AlarmState;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.LoadBalancers.TargetHealth;
import io.fleetdeploy.testing.MutableClock;
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
 * The load balancers and CloudWatch alarms of the in-memory world. A deregistered instance drains
 * for its load balancer's whole delay; a registered one turns healthy after the health-check delay
 * (never, when a test says so). Tests read the timeline ({@link #log}) to check the order of
 * deregistration, sends and registration, and {@link #outOfService} for what is left deregistered.
 */
public final class InMemoryTraffic {
  private final MutableClock clock;
  private final Map<String, Balancer> balancers = new LinkedHashMap<>();
  private final Map<String, AlarmState> alarms = new LinkedHashMap<>();
  private final Set<String> neverHealthy = new HashSet<>();
  private final List<String> log = new ArrayList<>();
  private final Set<String> sentWhileServing = new HashSet<>();

  InMemoryTraffic(MutableClock clock) {
    this.clock = clock;
  }

  private static final class Balancer {
    final Duration drainDelay;
    final Duration healthyAfter;
    final Map<String, Instant> registeredAt = new LinkedHashMap<>();
    final Map<String, Instant> deregisteredAt = new LinkedHashMap<>();

    Balancer(Duration drainDelay, Duration healthyAfter) {
      this.drainDelay = drainDelay;
      this.healthyAfter = healthyAfter;
    }
  }

  // ------------------------------------------------------------------ set-up, as tests script it

  /**
   * A load balancer (target group ARN or classic name) with these instances registered and healthy.
   */
  public synchronized void addLoadBalancer(
      String name, Duration drainDelay, Duration healthyAfter, Collection<String> instanceIds) {
    Balancer b = new Balancer(drainDelay, healthyAfter);
    Instant longAgo = clock.instant().minus(Duration.ofDays(1));
    instanceIds.forEach(id -> b.registeredAt.put(id, longAgo));
    balancers.put(name, b);
  }

  /** The instance fails its health checks from now on. */
  public synchronized void neverHealthy(String instanceId) {
    neverHealthy.add(instanceId);
  }

  public synchronized void setAlarm(String name, AlarmState state) {
    alarms.put(name, state);
  }

  // ------------------------------------------------------------------ what tests read

  /**
   * What happened, in order: {@code deregister|register|send <instance> [<balancer>]}, and {@code
   * run <event> <instance> <health>} as hosts start running their plan's events.
   */
  public synchronized List<String> log() {
    return List.copyOf(log);
  }

  /** Instances that were sent a command while any load balancer still sent them traffic. */
  public synchronized Set<String> sentWhileServing() {
    return Set.copyOf(sentWhileServing);
  }

  /** Instances deregistered from a load balancer and not registered again. */
  public synchronized List<String> outOfService() {
    List<String> out = new ArrayList<>();
    balancers.forEach(
        (name, b) ->
            b.deregisteredAt.keySet().stream()
                .filter(id -> !b.registeredAt.containsKey(id))
                .forEach(id -> out.add(id + " in " + name)));
    return out;
  }

  public synchronized TargetHealth health(String balancer, String instanceId) {
    Balancer b = balancers.get(balancer);
    Instant now = clock.instant();
    if (b.registeredAt.containsKey(instanceId)) {
      if (neverHealthy.contains(instanceId)) {
        return TargetHealth.UNHEALTHY;
      }
      return now.isBefore(b.registeredAt.get(instanceId).plus(b.healthyAfter))
          ? TargetHealth.INITIAL
          : TargetHealth.HEALTHY;
    }
    Instant left = b.deregisteredAt.get(instanceId);
    if (left != null && now.isBefore(left.plus(b.drainDelay))) {
      return TargetHealth.DRAINING;
    }
    return TargetHealth.UNUSED;
  }

  // ------------------------------------------------------------------ the service side

  private Balancer require(String name) {
    Balancer b = balancers.get(name);
    if (b == null) {
      throw new FleetException(FleetError.INVALID_REQUEST, "load balancer " + name + " not found");
    }
    return b;
  }

  synchronized void deregister(String name, Collection<String> ids) {
    Balancer b = require(name);
    for (String id : ids) {
      if (b.registeredAt.remove(id) != null) {
        b.deregisteredAt.put(id, clock.instant());
        log.add("deregister " + id + " " + name);
      }
    }
  }

  synchronized void register(String name, Collection<String> ids) {
    Balancer b = require(name);
    for (String id : ids) {
      if (!b.registeredAt.containsKey(id)) {
        b.registeredAt.put(id, clock.instant());
        b.deregisteredAt.remove(id);
        log.add("register " + id + " " + name);
      }
    }
  }

  synchronized Duration drainDelay(String name) {
    return require(name).drainDelay;
  }

  synchronized Map<String, TargetHealth> healthOf(String name, Collection<String> ids) {
    require(name);
    Map<String, TargetHealth> out = new LinkedHashMap<>();
    ids.forEach(id -> out.put(id, health(name, id)));
    return out;
  }

  synchronized Map<String, AlarmState> alarmStates(Collection<String> names) {
    Map<String, AlarmState> out = new LinkedHashMap<>();
    names.stream().filter(alarms::containsKey).forEach(n -> out.put(n, alarms.get(n)));
    return out;
  }

  /**
   * SendCommand reached these instances with a plan of these events. Only a plan that stops the
   * application must find them out of service: one with only traffic hooks that run while the
   * instance serves (BeforeBlockTraffic, AfterAllowTraffic) is sent to serving instances.
   */
  synchronized void sent(Collection<String> ids, List<String> events) {
    boolean changesTheHost = events.contains("ApplicationStop") || events.contains("Install");
    for (String id : ids) {
      log.add("send " + id);
      for (String name : balancers.keySet()) {
        TargetHealth h = health(name, id);
        if (changesTheHost && h != TargetHealth.UNUSED && h != TargetHealth.DRAINING) {
          sentWhileServing.add(id);
        }
      }
    }
  }

  /**
   * A host starts running these events: each is logged as {@code run <event> <instance> <health>},
   * its health in every load balancer at that moment ({@code healthy}, {@code draining}, {@code
   * unused}, ...; several joined by {@code +}).
   */
  synchronized void ran(String id, List<String> events) {
    List<String> health = new ArrayList<>();
    for (String name : balancers.keySet()) {
      health.add(health(name, id).name().toLowerCase(java.util.Locale.ROOT));
    }
    for (String event : events) {
      log.add("run " + event + " " + id + " " + String.join("+", health));
    }
  }
}
