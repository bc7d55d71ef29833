package io.fleetdeploy.embedded;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every write the embedded API server receives (create, replace, patch, delete), by resource
 * ({@code deployments/status}, {@code events}, …), with the bytes of their bodies: what the
 * benchmark reports as Kubernetes writes.
 */
public final class ApiWrites {
  /** Writes and bytes of one resource. */
  public record Count(long writes, long bytes) {}

  private final Map<String, LongAdder> writes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();

  void record(String path, long bodyBytes) {
    String resource = resourceOf(path);
    writes.computeIfAbsent(resource, k -> new LongAdder()).increment();
    bytes.computeIfAbsent(resource, k -> new LongAdder()).add(bodyBytes);
  }

  /** Counts so far by resource, sorted. */
  public Map<String, Count> byResource() {
    Map<String, Count> out = new TreeMap<>();
    writes.forEach(
        (k, v) -> out.put(k, new Count(v.sum(), bytes.getOrDefault(k, new LongAdder()).sum())));
    return out;
  }

  public void reset() {
    writes.clear();
    bytes.clear();
  }

  /** {@code /apis/g/v/namespaces/ns/deployments/x/status?..} is {@code deployments/status}. */
  static String resourceOf(String path) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] parts = bare.split("/");
    int namespaces = java.util.Arrays.asList(parts).indexOf("namespaces");
    int plural =
        namespaces >= 0 && parts.length > namespaces + 2 ? namespaces + 2 : parts.length - 1;
    String resource = plural >= 0 && plural < parts.length ? parts[plural] : bare;
    boolean status = bare.endsWith("/status");
    return status ? resource + "/status" : resource;
  }
}
