package io.fleetdeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.InstanceHealth;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.testing.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded API server replaces objects with long lists quickly: the benchmark at 10,000
 * instances writes a group inventory of 10,000 entries, and the server must measure fleetdeploy,
 * not itself.
 */
class LargeReplaceTest {

  private static List<InstanceInventoryEntry> inventory(int n, String revision) {
    List<InstanceInventoryEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      InstanceInventoryEntry e = new InstanceInventoryEntry();
      e.setId(String.format("i-0%016x", 0xabc000000L + i));
      e.setRevision(i % 2 == 0 ? revision : "");
      e.setHealth(InstanceHealth.Healthy);
      e.setAz("eu-west-1a");
      out.add(e);
    }
    return out;
  }

  @Test
  void aStatusWithTwentyThousandEntriesIsReplacedInSeconds() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      DeploymentGroup group =
          api.client()
              .resource(
                  Resources.group(
                      "default",
                      "web",
                      "app",
                      "web",
                      Resources.predefined(PredefinedDeploymentConfig.HalfAtATime)))
              .create();
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () -> {
            DeploymentGroup current = group;
            String previous = null;
            for (String revision : List.of("aaaa", "bbbb", "bbbb")) {
              DeploymentGroupStatus status = new DeploymentGroupStatus();
              status.setInstances(inventory(20_000, revision));
              current.setStatus(status);
              String before = current.getMetadata().getResourceVersion();
              DeploymentGroup stored = api.client().resource(current).updateStatus();
              // A change gets a new version; the same status again keeps it.
              if (revision.equals(previous)) {
                assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(before);
              } else {
                assertThat(stored.getMetadata().getResourceVersion()).isNotEqualTo(before);
              }
              previous = revision;
              current = stored;
            }
          });
    }
  }
}
