package io.fleetdeploy.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault switches of a running simulator. All are off by default, take effect at once and may be
 * flipped from any thread.
 *
 * <ul>
 *   <li>throttling: a percentage of API calls (all, one service's or one operation's) answered with
 *       the service's own throttling error; reproducible from {@link #seed(long)};
 *   <li>latency: added to every call before it is answered;
 *   <li>per instance: SSM agent offline, commands never delivered, the instance terminated or
 *       stopped while a command runs on it.
 * </ul>
 */
public final class Faults {
  /** What happens to an instance once a command starts running on it. */
  public enum Disruption {
    TERMINATE,
    STOP
  }

  /** A pending disruption: what, and how long after the command started. */
  public record PendingDisruption(Disruption kind, Duration after) {}

  private final Object randomLock = new Object();
  private Random random;
  private volatile int throttlePercent;
  private final Map<String, Integer> throttleByOperation = new ConcurrentHashMap<>();
  private volatile Duration latency = Duration.ZERO;
  private final Set<String> agentOffline = ConcurrentHashMap.newKeySet();
  private final Set<String> neverDeliver = ConcurrentHashMap.newKeySet();
  private final Map<String, PendingDisruption> disruptions = new ConcurrentHashMap<>();

  Faults(long seed) {
    this.random = new Random(seed);
  }

  /** Throttles this percentage (0-100) of all calls to every service. */
  public Faults throttlePercent(int percent) {
    this.throttlePercent = checkPercent(percent);
    return this;
  }

  /**
   * Throttles this percentage of one operation's calls ({@code "ssm", "SendCommand"}) or of a whole
   * service's ({@code "ec2", "*"}). Overrides the global percentage for those calls.
   */
  public Faults throttlePercent(String service, String operation, int percent) {
    throttleByOperation.put(service + ":" + operation, checkPercent(percent));
    return this;
  }

  /**
   * Restarts the throttling dice from this seed, so a sequence of calls is throttled reproducibly.
   */
  public Faults seed(long seed) {
    synchronized (randomLock) {
      this.random = new Random(seed);
    }
    return this;
  }

  /** Adds this much latency to every API call. */
  public Faults latency(Duration perCall) {
    if (perCall == null || perCall.isNegative()) {
      throw new IllegalArgumentException("latency must be zero or positive, was " + perCall);
    }
    this.latency = perCall;
    return this;
  }

  /**
   * Takes the SSM agent of an instance offline (PingStatus ConnectionLost; commands stay Pending
   * and end as delivery timeouts) or back online.
   */
  public Faults agentOffline(String instanceId, boolean offline) {
    if (offline) {
      agentOffline.add(instanceId);
    } else {
      agentOffline.remove(instanceId);
    }
    return this;
  }

  /**
   * Commands sent to this instance are never delivered although its agent looks online: they stay
   * Pending until their delivery timeout and end as {@code TimedOut / DeliveryTimedOut}.
   */
  public Faults neverDeliverCommands(String instanceId) {
    neverDeliver.add(instanceId);
    return this;
  }

  /**
   * The next command that starts on this instance sees the instance terminated after {@code after}.
   */
  public Faults terminateDuringCommand(String instanceId, Duration after) {
    disruptions.put(instanceId, new PendingDisruption(Disruption.TERMINATE, after));
    return this;
  }

  /**
   * The next command that starts on this instance sees the instance stopped after {@code after}.
   */
  public Faults stopDuringCommand(String instanceId, Duration after) {
    disruptions.put(instanceId, new PendingDisruption(Disruption.STOP, after));
    return this;
  }

  /** Switches every fault off (the seed stays). */
  public Faults clear() {
    throttlePercent = 0;
    throttleByOperation.clear();
    latency = Duration.ZERO;
    agentOffline.clear();
    neverDeliver.clear();
    disruptions.clear();
    return this;
  }

  // --- read by the simulator itself ---

  /** Rolls the dice for one call. */
  public boolean shouldThrottle(String service, String operation) {
    Integer percent = throttleByOperation.get(service + ":" + operation);
    if (percent == null) {
      percent = throttleByOperation.get(service + ":*");
    }
    int p = percent == null ? throttlePercent : percent;
    if (p <= 0) {
      return false;
    }
    if (p >= 100) {
      return true;
    }
    synchronized (randomLock) {
      return random.nextInt(100) < p;
    }
  }

  public Duration latency() {
    return latency;
  }

  public boolean isAgentOffline(String instanceId) {
    return agentOffline.contains(instanceId);
  }

  public boolean neverDelivers(String instanceId) {
    return neverDeliver.contains(instanceId);
  }

  /** Takes (once) the disruption waiting for the next command on this instance. */
  public Optional<PendingDisruption> takeDisruption(String instanceId) {
    return Optional.ofNullable(disruptions.remove(instanceId));
  }

  private static int checkPercent(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException(
          "throttle percentage must be within 0-100, was " + percent);
    }
    return percent;
  }
}
