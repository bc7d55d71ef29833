package io.fleetdeploy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.fleet.Fleet;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.FleetServices;
import io.fleetdeploy.fleet.TargetSelector;
import io.fleetdeploy.sharding.ShardRing;
import io.fleetdeploy.testing.MutableClock;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.fleet.InMemoryAws;
import io.fleetdeploy.testing.fleet.InMemoryFleetServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shards of two replicas each (a leader and a standby per shard) in one JVM against the
 * embedded API server, as {@code shards: 2, replicaCount: 2} runs them: the assigner labels the
 * groups, each group is reconciled by exactly one replica (its shard's leader), a killed leader's
 * groups are taken over by its standby, and a Deployment a user creates without a shard label is
 * labelled by its group's shard.
 */
class ShardedOperatorTest {
  private static final String NS = "sharded";
  private static final List<String> SHARDS = List.of("a", "b");
  private static final ShardRing RING = ShardRing.of(SHARDS);
  private static final int GROUPS = 6;

  @TempDir Path scratch;
  private EmbeddedApiServer api;
  private final Map<String, FleetdeployOperator> replicas = new LinkedHashMap<>();
  private final List<String> lostLeases = new CopyOnWriteArrayList<>();

  /** Which replica looked up which group's targets (the group's tag value is its name). */
  private final Map<String, Set<String>> lookups = new ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    replicas.values().forEach(FleetdeployOperator::close);
    if (api != null) {
      api.close();
    }
  }

  @Test
  void everyGroupIsReconciledByItsShardsLeaderAloneAndAKilledLeadersStandbyTakesOver()
      throws Exception {
    api = EmbeddedApiServer.start(0);
    InMemoryAws aws = new InMemoryAws(new MutableClock(Instant.now()));
    FleetServices shared = InMemoryFleetServices.over(aws, scratch);
    for (String shard : SHARDS) {
      for (int i = 1; i <= 2; i++) {
        start(shard + "-" + i, shard, shared);
      }
    }
    for (int i = 0; i < GROUPS; i++) {
      api.client().resource(Resources.application(NS, "app-" + i)).create();
      api.client().resource(group("g-" + i, "app-" + i)).create();
    }
    Map<String, String> shardOfGroup = new LinkedHashMap<>();
    for (int i = 0; i < GROUPS; i++) {
      shardOfGroup.put("g-" + i, RING.ownerOf(NS + "/app-" + i));
    }
    assertThat(Set.copyOf(shardOfGroup.values())).as("both shards have groups").hasSize(2);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> shardOfGroup.keySet().stream().allMatch(this::reconciled));

    Map<String, String> leaders = new LinkedHashMap<>();
    SHARDS.forEach(s -> leaders.put(s, holder(s)));
    shardOfGroup.forEach(
        (group, shard) -> {
          assertThat(labelOf(group)).isEqualTo(shard);
          assertThat(lookups.get(group))
              .as("replicas that reconciled " + group)
              .containsExactly(leaders.get(shard));
        });

    // The leader of shard a dies; its standby takes the shard's Lease and its groups.
    String killed = leaders.get("a");
    String standby = killed.equals("a-1") ? "a-2" : "a-1";
    replicas.remove(killed).close();
    await().atMost(Duration.ofSeconds(60)).until(() -> standby.equals(holder("a")));
    List<String> groupsOfA =
        shardOfGroup.entrySet().stream()
            .filter(e -> e.getValue().equals("a"))
            .map(Map.Entry::getKey)
            .toList();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> groupsOfA.stream().allMatch(g -> lookups.get(g).contains(standby)));
    shardOfGroup.forEach(
        (group, shard) ->
            assertThat(lookups.get(group))
                .as("replicas that reconciled " + group)
                .allSatisfy(replica -> assertThat(replica).startsWith(shard + "-")));

    // A Deployment created without a shard label joins its group's shard.
    String groupOfB =
        shardOfGroup.entrySet().stream()
            .filter(e -> e.getValue().equals("b"))
            .findFirst()
            .orElseThrow()
            .getKey();
    api.client().resource(Resources.deployment(NS, "by-hand", groupOfB, "bundles", "k")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "b"
                    .equals(
                        Optional.ofNullable(
                                api.client()
                                    .resources(Deployment.class)
                                    .inNamespace(NS)
                                    .withName("by-hand")
                                    .get()
                                    .getMetadata()
                                    .getLabels())
                            .map(l -> l.get(Labels.SHARD))
                            .orElse(null)));
    assertThat(lostLeases).isEmpty();
  }

  private void start(String name, String shard, FleetServices shared) throws Exception {
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
    ShardSettings sharding =
        ShardSettings.of(shard, SHARDS)
            .withIdentity(name)
            .withClocks(
                Duration.ofSeconds(4),
                Duration.ofSeconds(3),
                Duration.ofMillis(500),
                Duration.ofMillis(300));
    FleetServices recorded =
        new FleetServices(
            new RecordingFleet(name, shared.fleet()),
            shared.hosts(),
            shared.lifecycleHooks(),
            shared.revisions(),
            shared.loadBalancers(),
            shared.alarms(),
            shared.topics());
    replicas.put(
        name,
        new FleetdeployOperator(api.client(), settings, recorded, sharding)
            .whenLeaseLost(() -> lostLeases.add(name))
            .start());
  }

  private boolean reconciled(String group) {
    DeploymentGroup g =
        api.client().resources(DeploymentGroup.class).inNamespace(NS).withName(group).get();
    return g.getStatus() != null
        && g.getStatus().getObservedGeneration() != null
        && lookups.containsKey(group);
  }

  private String labelOf(String group) {
    return api.client()
        .resources(DeploymentGroup.class)
        .inNamespace(NS)
        .withName(group)
        .get()
        .getMetadata()
        .getLabels()
        .get(Labels.SHARD);
  }

  private String holder(String shard) {
    Lease lease = api.client().leases().inNamespace(NS).withName("fd-" + shard).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static DeploymentGroup group(String name, String app) {
    DeploymentGroup group =
        Resources.group(
            NS, name, "group", name, Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getSpec().getApplicationRef().setName(app);
    return group;
  }

  /** The fleet as one replica sees it, noting which groups (by tag value) it looked up. */
  private final class RecordingFleet implements Fleet {
    private final String replica;
    private final Fleet fleet;

    RecordingFleet(String replica, Fleet fleet) {
      this.replica = replica;
      this.fleet = fleet;
    }

    @Override
    public List<FleetInstance> findTargets(TargetSelector selector) {
      selector
          .ec2TagFilters()
          .forEach(
              f ->
                  lookups
                      .computeIfAbsent(f.value(), k -> ConcurrentHashMap.newKeySet())
                      .add(replica));
      return fleet.findTargets(selector);
    }

    @Override
    public Map<String, FleetInstance> describe(Collection<String> instanceIds) {
      return fleet.describe(instanceIds);
    }
  }
}
