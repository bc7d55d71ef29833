package io.fleetdeploy.simulator.http;

import io.fleetdeploy.simulator.CallStats;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts every API call by service and operation, and the throttled ones apart. */
public final class CallLedger {
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();

  public void record(String service, String operation, boolean wasThrottled) {
    String key = service + ":" + operation;
    calls.computeIfAbsent(key, k -> new LongAdder()).increment();
    if (wasThrottled) {
      throttled.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
  }

  public CallStats snapshot() {
    return new CallStats(sum(calls), sum(throttled));
  }

  public void reset() {
    calls.clear();
    throttled.clear();
  }

  private static Map<String, Long> sum(Map<String, LongAdder> counters) {
    Map<String, Long> out = new HashMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
