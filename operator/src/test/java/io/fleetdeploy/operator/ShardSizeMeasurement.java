package io.fleetdeploy.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.controller.deployment.Timing;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.fleet.FleetServices;
import io.fleetdeploy.testing.MutableClock;
import io.fleetdeploy.testing.Resources;
import io.fleetdeploy.testing.fleet.InMemoryAws;
import io.fleetdeploy.testing.fleet.InMemoryFleetServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one replica holds when the groups are spread over 1, 2 and 4 shards: the objects its
 * informers cache (its shard's Applications and DeploymentGroups, by label) and their bytes, and
 * how long the shards take to reconcile every group once. Opt-in (it measures, it does not check):
 * {@code -Dfleetdeploy.measure=shards}; docs/scaling.md quotes its output.
 */
class ShardSizeMeasurement {
  private static final String NS = "measure";
  private static final int GROUPS = 200;
  private static final int INSTANCES_PER_GROUP = 20;

  @TempDir Path scratch;

  @Test
  void objectsAndBytesPerReplica() throws Exception {
    Assumptions.assumeTrue(
        "shards".equals(System.getProperty("fleetdeploy.measure")),
        "a measurement: run with -Dfleetdeploy.measure=shards");
    for (int shards : List.of(1, 2, 4)) {
      measure(shards);
    }
  }

  private void measure(int shardCount) throws Exception {
    List<String> shards = IntStream.range(0, shardCount).mapToObj(i -> "shard-" + i).toList();
    List<FleetdeployOperator> replicas = new ArrayList<>();
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      InMemoryAws aws = new InMemoryAws(new MutableClock(Instant.now()));
      for (int i = 0; i < GROUPS; i++) {
        aws.addInstances(INSTANCES_PER_GROUP, Map.of("group", "g-" + i));
      }
      FleetServices fleet = InMemoryFleetServices.over(aws, scratch);
      for (String shard : shards) {
        replicas.add(
            new FleetdeployOperator(
                    api.client(),
                    new OperatorSettings(
                        Set.of(NS),
                        true,
                        Optional.of(NS),
                        "fd",
                        -1,
                        "eu-west-1",
                        Optional.empty(),
                        4,
                        Timing.defaults(),
                        Duration.ofMinutes(10)),
                    fleet,
                    ShardSettings.of(shard, shards)
                        .withIdentity(shard)
                        .withClocks(
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(8),
                            Duration.ofSeconds(1),
                            Duration.ofMillis(200)))
                .whenLeaseLost(() -> {})
                .start());
      }
      long start = System.nanoTime();
      for (int i = 0; i < GROUPS; i++) {
        api.client().resource(Resources.application(NS, "app-" + i)).create();
        DeploymentGroup group =
            Resources.group(
                NS,
                "g-" + i,
                "group",
                "g-" + i,
                Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
        group.getSpec().getApplicationRef().setName("app-" + i);
        api.client().resource(group).create();
      }
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  api
                      .client()
                      .resources(DeploymentGroup.class)
                      .inNamespace(NS)
                      .list()
                      .getItems()
                      .stream()
                      .allMatch(
                          g ->
                              g.getStatus() != null
                                  && Integer.valueOf(INSTANCES_PER_GROUP)
                                      .equals(g.getStatus().getInstanceCount())));
      long millis = (System.nanoTime() - start) / 1_000_000;
      for (String shard : shards) {
        List<DeploymentGroup> groups =
            api.client()
                .resources(DeploymentGroup.class)
                .inNamespace(NS)
                .withLabel(Labels.SHARD, shard)
                .list()
                .getItems();
        List<Application> apps =
            api.client()
                .resources(Application.class)
                .inNamespace(NS)
                .withLabel(Labels.SHARD, shard)
                .list()
                .getItems();
        System.out.printf(
            "MEASURE shards=%d %s: %d groups (%d KiB), %d applications (%d KiB); all %d groups"
                + " reconciled in %d ms%n",
            shardCount,
            shard,
            groups.size(),
            bytes(groups) / 1024,
            apps.size(),
            bytes(apps) / 1024,
            GROUPS,
            millis);
      }
      // The replicas stop before the API server does: none of them loses its Lease on the way.
      replicas.forEach(FleetdeployOperator::close);
      replicas.clear();
    } finally {
      replicas.forEach(FleetdeployOperator::close);
    }
  }

  private static long bytes(List<? extends HasMetadata> objects) {
    return objects.stream()
        .mapToLong(o -> Serialization.asJson(o).getBytes(StandardCharsets.UTF_8).length)
        .sum();
  }
}
