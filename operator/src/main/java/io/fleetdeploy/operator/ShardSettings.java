package io.fleetdeploy.operator;

import io.fleetdeploy.sharding.ShardRing;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How a replica takes part in sharding (docs/scaling.md): its own shard (it reconciles only the
 * objects labelled with it, under a Lease of its own), every configured shard (for the assigner,
 * which runs in every replica and acts in one), and the Lease clocks.
 *
 * @param shard this replica's shard; empty: not sharded, the replica reconciles everything
 * @param shards every shard, this one included; empty when not sharded
 * @param identity who holds a Lease: unique per replica (the pod name in a cluster)
 * @param leaseDuration how long a Lease holds without renewal before a standby may take it
 * @param renewDeadline how long the leader keeps trying to renew before it gives up
 * @param retryPeriod how often Leases are tried
 * @param assignInterval how often the assigner looks for unassigned objects and held moves
 */
public record ShardSettings(
    Optional<String> shard,
    List<String> shards,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    Duration assignInterval) {

  public ShardSettings {
    shards = List.copyOf(shards);
    if (shard.isPresent()) {
      ShardRing ring = ShardRing.of(shards);
      if (!ring.contains(shard.get())) {
        throw new IllegalArgumentException(
            "shard '" + shard.get() + "' is not one of the configured shards " + ring.shards());
      }
    } else if (!shards.isEmpty()) {
      throw new IllegalArgumentException(
          "shards " + shards + " are configured but this replica has no shard of its own");
    }
  }

  /** Not sharded: one Lease, every object (the default). */
  public static ShardSettings none() {
    return new ShardSettings(
        Optional.empty(),
        List.of(),
        defaultIdentity(),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        Duration.ofSeconds(10));
  }

  /** This replica owns {@code shard} of {@code shards}, with production Lease clocks. */
  public static ShardSettings of(String shard, List<String> shards) {
    ShardSettings none = none();
    return new ShardSettings(
        Optional.of(shard),
        shards,
        none.identity,
        none.leaseDuration,
        none.renewDeadline,
        none.retryPeriod,
        none.assignInterval);
  }

  public boolean sharded() {
    return shard.isPresent();
  }

  public ShardRing ring() {
    return ShardRing.of(shards);
  }

  /** The label selector of this replica's reconcilers; empty when not sharded. */
  public Optional<String> labelSelector() {
    return shard.map(s -> io.fleetdeploy.controller.Labels.SHARD + "=" + s);
  }

  public ShardSettings withIdentity(String newIdentity) {
    return new ShardSettings(
        shard, shards, newIdentity, leaseDuration, renewDeadline, retryPeriod, assignInterval);
  }

  public ShardSettings withClocks(
      Duration newLeaseDuration,
      Duration newRenewDeadline,
      Duration newRetryPeriod,
      Duration newAssignInterval) {
    return new ShardSettings(
        shard,
        shards,
        identity,
        newLeaseDuration,
        newRenewDeadline,
        newRetryPeriod,
        newAssignInterval);
  }

  /** The pod name where there is one (the Helm chart sets POD_NAME), else the host, made unique. */
  private static String defaultIdentity() {
    String pod = System.getenv("POD_NAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    String host = System.getenv("HOSTNAME");
    return (host == null || host.isBlank() ? "fleetdeploy" : host)
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }
}
