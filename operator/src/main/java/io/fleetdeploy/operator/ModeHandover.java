package io.fleetdeploy.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an unsharded operator and sharded ones from acting at the same time while a Helm upgrade
 * switches between the two. Their Leases do not exclude each other (the unsharded one is {@code
 * <lease>}, the shards' are {@code <lease>-<shard>}), and the old and new pods overlap while the
 * old ones terminate; both would reconcile the same groups. So before taking its own Lease, a
 * replica waits until no Lease of the other mode is held: a sharded replica until {@code <lease>}
 * is free or expired, an unsharded one until every {@code <lease>-*} is. A Lease is held while its
 * holder renewed it within its duration; a replica that stopped (or lost it) lets it expire.
 */
final class ModeHandover {
  private static final Logger LOG = LoggerFactory.getLogger(ModeHandover.class);
  private static final Duration LOG_EVERY = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final String namespace;
  private final String leaseName;
  private final boolean sharded;
  private final Clock clock;

  ModeHandover(
      KubernetesClient client, String namespace, String leaseName, boolean sharded, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.leaseName = leaseName;
    this.sharded = sharded;
    this.clock = clock;
  }

  /**
   * Returns once no Lease of the other mode is held, looking every {@code poll}; false if {@code
   * stopping} said stop first.
   */
  boolean await(Duration poll, BooleanSupplier stopping) throws InterruptedException {
    Instant lastLog = Instant.EPOCH;
    while (!stopping.getAsBoolean()) {
      Optional<Lease> held = heldByTheOtherMode();
      if (held.isEmpty()) {
        return true;
      }
      Instant now = clock.instant();
      if (Duration.between(lastLog, now).compareTo(LOG_EVERY) >= 0) {
        lastLog = now;
        LOG.warn(
            "waiting before taking Lease {}: Lease {} of the {} operator is held by {} (renewed"
                + " {}); both would reconcile the same groups. It ends when those pods stop"
                + " (docs/scaling.md, Turning it on)",
            sharded ? "of this shard" : leaseName,
            held.get().getMetadata().getName(),
            sharded ? "unsharded" : "sharded",
            held.get().getSpec().getHolderIdentity(),
            held.get().getSpec().getRenewTime());
      }
      Thread.sleep(poll.toMillis());
    }
    return false;
  }

  /** A Lease of the other mode that is held now, if any. */
  Optional<Lease> heldByTheOtherMode() {
    // One list (the Role grants list on Leases of the operator's namespace), whichever the mode.
    List<Lease> leases =
        client.leases().inNamespace(namespace).list().getItems().stream()
            .filter(
                l ->
                    sharded
                        ? l.getMetadata().getName().equals(leaseName)
                        : l.getMetadata().getName().startsWith(leaseName + "-"))
            .toList();
    Instant now = clock.instant();
    return leases.stream().filter(l -> held(l, now)).findFirst();
  }

  static boolean held(Lease lease, Instant now) {
    var spec = lease.getSpec();
    if (spec == null || spec.getHolderIdentity() == null || spec.getHolderIdentity().isEmpty()) {
      return false;
    }
    ZonedDateTime renewed =
        spec.getRenewTime() != null ? spec.getRenewTime() : spec.getAcquireTime();
    if (renewed == null || spec.getLeaseDurationSeconds() == null) {
      return true;
    }
    return renewed.toInstant().plusSeconds(spec.getLeaseDurationSeconds()).isAfter(now);
  }
}
