package io.fleetdeploy.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetdeploy.api.v1alpha1.ComputePlatform;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupSpec;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.appspec.AppSpecParser;
import io.fleetdeploy.testing.RepositoryDocs;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * README's "What it does, and what not yet" stays true: when one of the missing pieces arrives
 * (Windows, a compute platform, another revision source, alarms, load balancers), this fails until
 * the README says so.
 */
class SupportedScopeTest {
  private static final String README =
      RepositoryDocs.read(RepositoryDocs.ROOT.resolve("README.md"));
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theReadmeSaysWhatIsNotSupportedYet() {
    assertThat(README)
        .contains(
            "## What it does, and what not yet",
            "**Windows** hosts",
            "**Blue/green**",
            "Revisions from GitHub");
    assertThat(README)
        .as("what arrived is said to be supported")
        .contains(
            "**Notification triggers**",
            "**Stepped rollouts**",
            "**Zonal rollouts**",
            "Elastic Load Balancing v2 target groups and Classic Load Balancers");
  }

  @Test
  void andTheCodeAgrees() {
    assertThat(AppSpecParser.parse("appspec.yml", "version: 0.0\nos: windows\n").errors())
        .anySatisfy(p -> assertThat(p.toString()).contains("windows is not supported yet"));
    assertThat(ComputePlatform.values()).containsExactly(ComputePlatform.Server);
    assertThat(properties(Revision.class)).containsExactlyInAnyOrder("s3", "url");
    assertThat(RollbackEvent.values())
        .extracting(Enum::name)
        .containsExactlyInAnyOrder(
            "DeploymentFailure", "DeploymentStopOnRequest", "DeploymentStopOnAlarm");
    assertThat(properties(DeploymentGroupSpec.class))
        .contains("triggers")
        .noneMatch(
            p ->
                p.toLowerCase(Locale.ROOT).matches(".*(loadbalancer|bluegreen|deploymentstyle).*"));
    assertThat(properties(io.fleetdeploy.api.v1alpha1.TrafficControl.class))
        .containsExactlyInAnyOrder(
            "targetGroups", "classicLoadBalancers", "drainTimeoutSeconds", "healthyTimeoutSeconds");
  }

  private static Set<String> properties(Class<?> type) {
    return Set.copyOf(
        JSON.getSerializationConfig().introspect(JSON.constructType(type)).findProperties().stream()
            .map(p -> p.getName())
            .toList());
  }
}
