package io.fleetdeploy.demo;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The fleetdeploy objects and Events of the API server at one moment; Deployments and Events oldest
 * first.
 */
public record ClusterSnapshot(
    Instant at,
    List<Application> applications,
    List<DeploymentGroup> groups,
    List<Deployment> deployments,
    List<Event> events) {

  public ClusterSnapshot {
    applications = List.copyOf(applications);
    groups = List.copyOf(groups);
    deployments = List.copyOf(deployments);
    events = List.copyOf(events);
  }

  public static ClusterSnapshot read(KubernetesClient client, Instant now) {
    return new ClusterSnapshot(
        now,
        client.resources(Application.class).inAnyNamespace().list().getItems(),
        client.resources(DeploymentGroup.class).inAnyNamespace().list().getItems(),
        client.resources(Deployment.class).inAnyNamespace().list().getItems().stream()
            .sorted(
                Comparator.comparing(
                        (Deployment d) ->
                            Objects.toString(d.getMetadata().getCreationTimestamp(), ""))
                    .thenComparing(d -> d.getMetadata().getName()))
            .toList(),
        client.v1().events().inAnyNamespace().list().getItems().stream()
            .sorted(Comparator.comparingLong(ClusterSnapshot::resourceVersion))
            .toList());
  }

  /** Resource versions are opaque to clients, but both the embedded server and etcd count up. */
  private static long resourceVersion(HasMetadata object) {
    try {
      return Long.parseLong(object.getMetadata().getResourceVersion());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
