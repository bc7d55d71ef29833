package io.fleetdeploy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.fleet.FleetServices;
import io.fleetdeploy.testing.MutableClock;
import io.fleetdeploy.testing.fleet.InMemoryAws;
import io.fleetdeploy.testing.fleet.InMemoryFleetServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Helm upgrade between one operator and shards overlaps the old and the new pods: the new ones
 * must not take their Lease (and reconcile) while a Lease of the other mode is still held.
 */
class ModeHandoverTest {
  private static final String NS = "handover";
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  @TempDir Path scratch;
  private EmbeddedApiServer api;
  private FleetdeployOperator replica;

  @AfterEach
  void stop() {
    if (replica != null) {
      replica.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void aLeaseIsHeldWhileItsHolderRenewedItWithinItsDuration() {
    assertThat(ModeHandover.held(lease("fd", "old-pod", NOW.minusSeconds(10), 15), NOW)).isTrue();
    assertThat(ModeHandover.held(lease("fd", "old-pod", NOW.minusSeconds(16), 15), NOW)).isFalse();
    assertThat(ModeHandover.held(lease("fd", "", NOW, 15), NOW)).isFalse();
    assertThat(ModeHandover.held(lease("fd", null, NOW, 15), NOW)).isFalse();
  }

  @Test
  void aShardedReplicaWaitsUntilTheUnshardedOperatorsLeaseEnds() throws Exception {
    api = EmbeddedApiServer.start(0);
    renew("fd", "unsharded-pod");

    CompletableFuture<FleetdeployOperator> started =
        startInBackground(ShardSettings.of("a", List.of("a", "b")).withIdentity("shard-a-pod"));
    for (int i = 0; i < 6; i++) {
      Thread.sleep(500);
      renew("fd", "unsharded-pod");
    }
    assertThat(started).isNotDone();
    assertThat(leaseHolder("fd-a")).as("the shard's Lease is not taken meanwhile").isNull();

    // The old pod stops renewing: once its Lease expires, the shard's replica takes its own.
    replica = started.get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> "shard-a-pod".equals(leaseHolder("fd-a")));
  }

  @Test
  void anUnshardedReplicaWaitsUntilNoShardsLeaseIsHeld() throws Exception {
    api = EmbeddedApiServer.start(0);
    renew("fd-b", "shard-b-pod");

    CompletableFuture<FleetdeployOperator> started = startInBackground(ShardSettings.none());
    for (int i = 0; i < 6; i++) {
      Thread.sleep(500);
      renew("fd-b", "shard-b-pod");
    }
    assertThat(started).isNotDone();
    assertThat(leaseHolder("fd")).isNull();

    replica = started.get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> leaseHolder("fd") != null);
  }

  private CompletableFuture<FleetdeployOperator> startInBackground(ShardSettings sharding)
      throws Exception {
    OperatorSettings settings =
        new OperatorSettings(
            Set.of(NS),
            true,
            Optional.of(NS),
            "fd",
            -1,
            "eu-west-1",
            Optional.empty(),
            2,
            Timing.defaults(),
            Duration.ofSeconds(60));
    FleetServices fleet =
        InMemoryFleetServices.over(new InMemoryAws(new MutableClock(Instant.now())), scratch);
    ShardSettings clocks =
        sharding.withClocks(
            Duration.ofSeconds(4),
            Duration.ofSeconds(3),
            Duration.ofMillis(300),
            Duration.ofMillis(300));
    FleetdeployOperator operator = new FleetdeployOperator(api.client(), settings, fleet, clocks);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return operator.start();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The other mode's replica renews its Lease: held for two seconds from now. */
  private void renew(String name, String holder) {
    Lease renewed = lease(name, holder, Instant.now(), 2);
    var existing = api.client().leases().inNamespace(NS).withName(name);
    if (existing.get() == null) {
      existing.create(renewed);
    } else {
      existing.edit(
          l -> {
            l.setSpec(renewed.getSpec());
            return l;
          });
    }
  }

  private String leaseHolder(String name) {
    Lease lease = api.client().leases().inNamespace(NS).withName(name).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static Lease lease(String name, String holder, Instant renewed, int seconds) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(holder)
        .withLeaseDurationSeconds(seconds)
        .withRenewTime(ZonedDateTime.ofInstant(renewed, ZoneOffset.UTC))
        .withAcquireTime(ZonedDateTime.ofInstant(renewed, ZoneOffset.UTC))
        .endSpec()
        .build();
  }
}
