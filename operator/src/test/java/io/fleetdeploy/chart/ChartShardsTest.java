package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code shards: N}: one operator Deployment per shard, each with its standbys and its Lease. */
class ChartShardsTest {
  @Test
  void threeShardsAreThreeDeploymentsWithDisjointPodsAndTheirOwnLeases() {
    RenderedManifests manifests =
        Helm.require().template("--set", "shards=3", "--set", "replicas=2");

    List<Deployment> deployments = manifests.all("Deployment", Deployment.class);
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactly("fleetdeploy-shard-0", "fleetdeploy-shard-1", "fleetdeploy-shard-2");
    for (int i = 0; i < 3; i++) {
      Deployment d = deployments.get(i);
      String shard = "shard-" + i;
      assertThat(d.getSpec().getReplicas()).as("a leader and a standby per shard").isEqualTo(2);
      assertThat(d.getSpec().getSelector().getMatchLabels())
          .containsEntry("fleetdeploy.io/shard", shard);
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("fleetdeploy.io/shard", shard);
      Map<String, EnvVar> env =
          d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
              .collect(Collectors.toMap(EnvVar::getName, e -> e));
      assertThat(env.get("FLEETDEPLOY_SHARD").getValue()).isEqualTo(shard);
      assertThat(env.get("FLEETDEPLOY_SHARDS").getValue()).isEqualTo("shard-0,shard-1,shard-2");
      assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
          .isEqualTo("metadata.name");
    }
    Role leases =
        manifests.all("Role", Role.class).stream()
            .filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
            .findFirst()
            .orElseThrow();
    assertThat(
            leases.getRules().stream()
                .filter(r -> r.getResourceNames() != null && !r.getResourceNames().isEmpty())
                .map(PolicyRule::getResourceNames)
                .findFirst()
                .orElseThrow())
        .containsExactlyInAnyOrder(
            "fleetdeploy-operator-assigner",
            "fleetdeploy-operator-shard-0",
            "fleetdeploy-operator-shard-1",
            "fleetdeploy-operator-shard-2");
  }

  @Test
  void oneShardIsTheSingleDeploymentOfBefore() {
    Deployment only = Helm.require().template().only("Deployment", Deployment.class);

    assertThat(only.getMetadata().getName()).isEqualTo("fleetdeploy");
    assertThat(only.getSpec().getSelector().getMatchLabels())
        .doesNotContainKey("fleetdeploy.io/shard");
    assertThat(only.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("FLEETDEPLOY_SHARD", "FLEETDEPLOY_SHARDS");
  }

  @Test
  void shardsWithoutLeaderElectionAreRefusedWithAMessageNamingBoth() {
    Helm.Result result =
        Helm.require().templateResult("--set", "shards=2", "--set", "leaderElection.enabled=false");

    assertThat(result.exitCode()).as("%s", result).isNotZero();
    assertThat(result.stderr()).contains("shards=2 needs leaderElection.enabled=true");
  }
}
