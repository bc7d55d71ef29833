package io.fleetdeploy.simulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the API calls the simulator answered, keyed {@code service:Operation} (e.g. {@code
 * ssm:SendCommand}). Throttled answers count as calls and are also counted apart.
 */
public record CallStats(Map<String, Long> calls, Map<String, Long> throttledCalls) {

  public CallStats {
    calls = java.util.Collections.unmodifiableMap(new TreeMap<>(calls));
    throttledCalls = java.util.Collections.unmodifiableMap(new TreeMap<>(throttledCalls));
  }

  public long count(String service, String operation) {
    return calls.getOrDefault(service + ":" + operation, 0L);
  }

  public long throttled(String service, String operation) {
    return throttledCalls.getOrDefault(service + ":" + operation, 0L);
  }

  public long total() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  public long throttled() {
    return throttledCalls.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Calls of one service, all operations. */
  public long total(String service) {
    return calls.entrySet().stream()
        .filter(e -> e.getKey().startsWith(service + ":"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
