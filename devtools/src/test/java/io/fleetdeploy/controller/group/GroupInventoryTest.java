package io.fleetdeploy.controller.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.testing.OperatorExtension;
import io.fleetdeploy.testing.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The group's inventory follows the instances its tags select, as they come and go. */
class GroupInventoryTest {
  @RegisterExtension static final OperatorExtension env = new OperatorExtension();

  @Test
  void followsInstancesAddedAndRemovedByTags() {
    String ns = "inventory";
    List<String> first = env.simulator().addInstances(2, Map.of("suite", "inventory"));
    env.simulator().addInstances(1, Map.of("suite", "someone-else"));
    env.client()
        .resource(
            Resources.group(
                ns,
                "web",
                "suite",
                "inventory",
                Resources.predefined(PredefinedDeploymentConfig.AllAtOnce)))
        .create();
    assertThat(awaitIds(ns, Set.copyOf(first)))
        .allSatisfy(
            e -> {
              assertThat(e.getHealth()).isEqualTo(InstanceHealth.Unknown);
              assertThat(e.getAz()).isNotBlank();
            });

    List<String> added = env.simulator().addInstances(2, Map.of("suite", "inventory"));
    awaitIds(ns, Set.of(first.get(0), first.get(1), added.get(0), added.get(1)));

    env.simulator().terminate(first.get(0));
    awaitIds(ns, Set.of(first.get(1), added.get(0), added.get(1)));
    DeploymentGroup group =
        env.client().resources(DeploymentGroup.class).inNamespace(ns).withName("web").get();
    assertThat(group.getStatus().getInstanceCount()).isEqualTo(3);
    assertThat(group.getStatus().getLastInventoryTime()).isNotBlank();
  }

  private static List<InstanceInventoryEntry> awaitIds(String ns, Set<String> ids) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              DeploymentGroup g =
                  env.client()
                      .resources(DeploymentGroup.class)
                      .inNamespace(ns)
                      .withName("web")
                      .get();
              return g == null || g.getStatus() == null || g.getStatus().getInstances() == null
                  ? List.<InstanceInventoryEntry>of()
                  : g.getStatus().getInstances();
            },
            entries ->
                entries.stream()
                    .map(InstanceInventoryEntry::getId)
                    .collect(Collectors.toSet())
                    .equals(ids));
  }
}
