package io.fleetdeploy.controller.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deployments a group creates are born in its shard, so the replica owning it sees them at once.
 */
class ShardLabelInheritanceTest {
  @Test
  void aDeploymentTheGroupCreatesCarriesTheGroupsShardAndNoneWhenTheGroupHasNone() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      DeploymentGroup sharded = group("sharded");
      sharded.getMetadata().setLabels(Map.of(Labels.SHARD, "shard-1"));
      sharded = api.client().resource(sharded).create();
      DeploymentGroup plain = api.client().resource(group("plain")).create();
      GroupDeploymentFactory factory = new GroupDeploymentFactory(api.client());

      factory.create(
          sharded,
          "sharded-r1",
          "deploymentGroup",
          Resources.s3("b", "k"),
          List.of(),
          "",
          Map.of());
      factory.create(
          plain, "plain-r1", "deploymentGroup", Resources.s3("b", "k"), List.of(), "", Map.of());

      assertThat(labels(api, "sharded-r1"))
          .containsEntry(Labels.SHARD, "shard-1")
          .containsEntry(Labels.DEPLOYMENT_GROUP, "sharded");
      assertThat(labels(api, "plain-r1")).doesNotContainKey(Labels.SHARD);
    }
  }

  private static DeploymentGroup group(String name) {
    return Resources.group(
        "inherit", name, "app", name, Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
  }

  private static Map<String, String> labels(EmbeddedApiServer api, String name) {
    return api.client()
        .resources(Deployment.class)
        .inNamespace("inherit")
        .withName(name)
        .get()
        .getMetadata()
        .getLabels();
  }
}
