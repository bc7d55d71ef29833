package io.fleetdeploy.sharding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The configured shards, and which one owns a key, by rendezvous (highest random weight) hashing:
 * every replica computes the same owner from the same shard list, whatever order it was given in,
 * and adding or removing a shard moves only the keys that shard gains or held (about 1/N of them),
 * never keys between the shards that stay.
 */
public final class ShardRing {
  /** A label value: at most 63 characters, alphanumerics, '-', '_' or '.', alphanumeric ends. */
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

  private final List<String> shards;

  private ShardRing(List<String> shards) {
    this.shards = shards;
  }

  /**
   * The ring of these shards; the names become label values, so they must be valid ones.
   *
   * @throws IllegalArgumentException naming the bad or repeated shard, or when there is none
   */
  public static ShardRing of(Collection<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("at least one shard is needed");
    }
    for (String name : names) {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "shard name '"
                + name
                + "' is not a valid label value (at most 63 characters: letters, digits, '-', '_'"
                + " or '.', beginning and ending with a letter or digit)");
      }
    }
    List<String> sorted = names.stream().sorted().toList();
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        throw new IllegalArgumentException("shard '" + sorted.get(i) + "' is listed twice");
      }
    }
    return new ShardRing(sorted);
  }

  public List<String> shards() {
    return shards;
  }

  public boolean contains(String shard) {
    return shards.contains(shard);
  }

  /** The shard that owns this key (e.g. {@code namespace/application}). */
  public String ownerOf(String key) {
    String best = null;
    long bestWeight = 0;
    for (String shard : shards) {
      long weight = weight(shard, key);
      if (best == null || Long.compareUnsigned(weight, bestWeight) > 0) {
        best = shard;
        bestWeight = weight;
      }
    }
    return best;
  }

  private static long weight(String shard, String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(shard.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(key.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(sha.digest()).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
