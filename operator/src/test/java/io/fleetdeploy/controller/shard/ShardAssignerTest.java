package io.fleetdeploy.controller.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.sharding.ShardRing;
import io.fleetdeploy.testing.Resources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The assigner against the embedded API server, with no replica reconciling meanwhile. */
class ShardAssignerTest {
  private static final ShardRing RING = ShardRing.of(List.of("a", "b"));
  private static EmbeddedApiServer api;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
    client = api.client();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void unassignedApplicationsAndGroupsGetTheShardOfTheirApplicationAndOnlyThose() {
    String ns = "assign";
    for (int i = 0; i < 8; i++) {
      client.resource(Resources.application(ns, "app-" + i)).create();
      client.resource(group(ns, "g-" + i, "app-" + i)).create();
    }
    // A second group of app-0 lands with the first, whatever its own name hashes to.
    client.resource(group(ns, "g-0-second", "app-0")).create();
    ShardAssigner assigner = new ShardAssigner(client, RING, Set.of(ns), 10);

    assertThat(assigner.pass()).isEqualTo(17);

    for (int i = 0; i < 8; i++) {
      String owner = RING.ownerOf(ns + "/app-" + i);
      assertThat(shardOf(get(Application.class, ns, "app-" + i))).isEqualTo(owner);
      assertThat(shardOf(get(DeploymentGroup.class, ns, "g-" + i))).isEqualTo(owner);
    }
    assertThat(shardOf(get(DeploymentGroup.class, ns, "g-0-second")))
        .isEqualTo(RING.ownerOf(ns + "/app-0"));
    assertThat(
            IntStream.range(0, 8).mapToObj(i -> RING.ownerOf(ns + "/app-" + i)).distinct().count())
        .as("the names spread over both shards")
        .isEqualTo(2);
    // Nothing left to do: the next pass labels nothing.
    assertThat(assigner.pass()).isZero();
  }

  @Test
  void aGroupInTheWrongShardMovesOnlyOnceItsDeploymentsEndAndTakesThemAlong() {
    String ns = "move";
    String owner = RING.ownerOf(ns + "/app-m");
    String other = owner.equals("a") ? "b" : "a";
    client.resource(Resources.application(ns, "app-m")).create();
    client.resource(labelled(group(ns, "g-m", "app-m"), other)).create();
    Deployment done = client.resource(labelled(deployment(ns, "d-old", "g-m"), other)).create();
    phase(done, DeploymentPhase.Succeeded);
    Deployment running = client.resource(labelled(deployment(ns, "d-run", "g-m"), other)).create();
    phase(running, DeploymentPhase.InProgress);
    ShardAssigner assigner = new ShardAssigner(client, RING, Set.of(ns), 1);

    assigner.pass();
    assigner.pass();

    assertThat(shardOf(get(DeploymentGroup.class, ns, "g-m"))).isEqualTo(other);
    assertThat(shardOf(get(Deployment.class, ns, "d-run"))).isEqualTo(other);
    assertThat(shardOf(get(Deployment.class, ns, "d-old"))).isEqualTo(other);
    assertThat(assigner.held()).containsExactly(ns + "/g-m");

    phase(get(Deployment.class, ns, "d-run"), DeploymentPhase.Succeeded);
    assigner.pass();

    assertThat(shardOf(get(DeploymentGroup.class, ns, "g-m"))).isEqualTo(owner);
    assertThat(shardOf(get(Deployment.class, ns, "d-run"))).isEqualTo(owner);
    assertThat(shardOf(get(Deployment.class, ns, "d-old"))).isEqualTo(owner);
    assertThat(assigner.held()).isEmpty();
  }

  @Test
  void aGroupOfAShardNoLongerConfiguredMovesEvenInTheMiddleOfARollout() {
    String ns = "gone";
    client.resource(Resources.application(ns, "app-g")).create();
    client.resource(labelled(group(ns, "g-g", "app-g"), "removed")).create();
    Deployment running =
        client.resource(labelled(deployment(ns, "d-run", "g-g"), "removed")).create();
    phase(running, DeploymentPhase.InProgress);
    ShardAssigner assigner = new ShardAssigner(client, RING, Set.of(ns), 1000);
    assigner.pass();
    client.resource(labelled(group(ns, "g-late", "app-g"), "removed")).create();

    // Not a full pass this time: the label selector "shard notin (a,b)" finds the late group.
    assigner.pass();

    String owner = RING.ownerOf(ns + "/app-g");
    assertThat(shardOf(get(DeploymentGroup.class, ns, "g-g"))).isEqualTo(owner);
    assertThat(shardOf(get(DeploymentGroup.class, ns, "g-late"))).isEqualTo(owner);
    assertThat(shardOf(get(Deployment.class, ns, "d-run"))).isEqualTo(owner);
  }

  private static DeploymentGroup group(String ns, String name, String app) {
    DeploymentGroup group =
        Resources.group(
            ns, name, "group", name, Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getSpec().getApplicationRef().setName(app);
    return group;
  }

  private static Deployment deployment(String ns, String name, String group) {
    return Resources.deployment(ns, name, group, "bucket", "key");
  }

  private static <T extends HasMetadata> T labelled(T object, String shard) {
    Map<String, String> labels = new HashMap<>();
    labels.put(Labels.SHARD, shard);
    object.getMetadata().setLabels(labels);
    return object;
  }

  private static void phase(Deployment deployment, DeploymentPhase phase) {
    DeploymentStatus status = new DeploymentStatus();
    status.setPhase(phase);
    deployment.setStatus(status);
    client.resource(deployment).updateStatus();
  }

  private static <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
    return client.resources(type).inNamespace(ns).withName(name).get();
  }

  private static String shardOf(HasMetadata object) {
    return ShardAssigner.shardOf(object);
  }
}
