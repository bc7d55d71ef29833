package io.fleetdeploy.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fleetdeploy.controller.shard.ShardAssigner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ShardAssigner} in every replica and lets it act in one: the replica holding the
 * assigner Lease (one across all shards) runs a pass every {@link ShardSettings#assignInterval};
 * the others wait to take over. Losing the Lease only stops the passes: labelling twice is harmless
 * (the same ring gives the same labels), so no replica has to exit for it.
 */
final class AssignerElection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AssignerElection.class);

  private final KubernetesClient client;
  private final ShardAssigner assigner;
  private final ShardSettings sharding;
  private final String leaseNamespace;
  private final String leaseName;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fleetdeploy-shard-assigner");
            t.setDaemon(true);
            return t;
          });
  private volatile ScheduledFuture<?> passes;
  private CompletableFuture<?> election;

  AssignerElection(
      KubernetesClient client,
      ShardAssigner assigner,
      ShardSettings sharding,
      String leaseNamespace,
      String leaseName) {
    this.client = client;
    this.assigner = assigner;
    this.sharding = sharding;
    this.leaseNamespace = leaseNamespace;
    this.leaseName = leaseName;
  }

  AssignerElection start() {
    election =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(leaseName)
                    .withLock(new LeaseLock(leaseNamespace, leaseName, sharding.identity()))
                    .withLeaseDuration(sharding.leaseDuration())
                    .withRenewDeadline(sharding.renewDeadline())
                    .withRetryPeriod(sharding.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(this::startPasses, this::stopPasses, leader -> {}))
                    .build())
            .build()
            .start();
    return this;
  }

  private void startPasses() {
    LOG.info("{} assigns shards over {}", sharding.identity(), sharding.shards());
    long every = sharding.assignInterval().toMillis();
    passes =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                assigner.pass();
              } catch (RuntimeException e) {
                LOG.warn("shard assignment pass failed, trying again: {}", e.getMessage());
              }
            },
            0,
            every,
            TimeUnit.MILLISECONDS);
  }

  private void stopPasses() {
    ScheduledFuture<?> running = passes;
    if (running != null) {
      running.cancel(false);
    }
  }

  @Override
  public void close() {
    stopPasses();
    if (election != null) {
      election.cancel(true);
    }
    timer.shutdownNow();
  }
}
