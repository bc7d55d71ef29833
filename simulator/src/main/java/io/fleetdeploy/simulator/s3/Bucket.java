package io.fleetdeploy.simulator.s3;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A bucket: keys in lexicographic order, each with its versions oldest first. Guarded by the store.
 */
final class Bucket {
  final String name;
  final Instant created;
  final String region;

  /** null (never enabled), "Enabled" or "Suspended". */
  String versioning;

  final TreeMap<String, List<StoredObject>> objects = new TreeMap<>();

  Bucket(String name, Instant created, String region) {
    this.name = name;
    this.created = created;
    this.region = region;
  }

  StoredObject latest(String key) {
    List<StoredObject> versions = objects.get(key);
    return versions == null || versions.isEmpty() ? null : versions.get(versions.size() - 1);
  }

  List<StoredObject> versionsOf(String key) {
    return objects.computeIfAbsent(key, k -> new ArrayList<>());
  }
}
