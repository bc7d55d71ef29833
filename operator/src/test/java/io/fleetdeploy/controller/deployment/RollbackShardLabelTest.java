package io.fleetdeploy.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.testing.Resources;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollbackShardLabelTest {
  @Test
  void aRollbackIsBornInItsGroupsShard() {
    DeploymentGroup group =
        Resources.group(
            "ns", "web", "app", "web", Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    assertThat(RollbackLauncher.rollbackLabels(group))
        .containsOnlyKeys(Labels.CREATOR, Labels.DEPLOYMENT_GROUP);

    group.getMetadata().setLabels(Map.of(Labels.SHARD, "shard-0"));

    assertThat(RollbackLauncher.rollbackLabels(group))
        .containsEntry(Labels.SHARD, "shard-0")
        .containsEntry(Labels.CREATOR, "rollback")
        .containsEntry(Labels.DEPLOYMENT_GROUP, "web");
  }
}
