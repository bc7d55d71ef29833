package io.fleetdeploy.results;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import java.util.List;
import java.util.Optional;

/**
 * The per-instance results of a Deployment, for readers (the kubectl plugin, the hook log reader,
 * the dashboard). Today they are in the Deployment's status; the one place to change when they move
 * elsewhere (e.g. child objects for very large deployments).
 */
public final class InstanceResults {
  private InstanceResults() {}

  /** Every instance's entry, in status order. */
  public static List<InstanceStatus> all(Deployment deployment) {
    if (deployment.getStatus() == null || deployment.getStatus().getInstances() == null) {
      return List.of();
    }
    return List.copyOf(deployment.getStatus().getInstances());
  }

  public static Optional<InstanceStatus> find(Deployment deployment, String instanceId) {
    return all(deployment).stream().filter(i -> instanceId.equals(i.getId())).findFirst();
  }
}
