package io.fleetdeploy.dashboard;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The three kinds of resources as the dashboard's informers hold them, and how they relate. */
final class DashboardState implements AutoCloseable {
  private final ResourceCache<Deployment> deployments;
  private final ResourceCache<DeploymentGroup> groups;
  private final ResourceCache<Application> applications;
  private final LiveUpdates updates;

  DashboardState(KubernetesClient client, Set<String> namespaces, LiveUpdates updates) {
    this.updates = updates;
    this.deployments = new ResourceCache<>(client, Deployment.class, namespaces, updates);
    this.groups = new ResourceCache<>(client, DeploymentGroup.class, namespaces, updates);
    this.applications = new ResourceCache<>(client, Application.class, namespaces, updates);
  }

  void start() {
    applications.start();
    groups.start();
    deployments.start();
  }

  boolean synced() {
    return applications.synced() && groups.synced() && deployments.synced();
  }

  long latestVersion() {
    return updates.latestVersion();
  }

  List<Deployment> deployments() {
    return deployments.list();
  }

  List<DeploymentGroup> groups() {
    return groups.list();
  }

  List<Application> applications() {
    return applications.list();
  }

  Optional<Deployment> deployment(String namespace, String name) {
    return deployments.get(namespace, name);
  }

  Optional<DeploymentGroup> group(String namespace, String name) {
    return groups.get(namespace, name);
  }

  Optional<Application> application(String namespace, String name) {
    return applications.get(namespace, name);
  }

  Optional<DeploymentGroup> groupOf(Deployment d) {
    String group = DashboardJson.groupOf(d);
    return group == null ? Optional.empty() : group(d.getMetadata().getNamespace(), group);
  }

  List<Deployment> deploymentsOf(DeploymentGroup g) {
    return deployments.list().stream()
        .filter(d -> Objects.equals(d.getMetadata().getNamespace(), g.getMetadata().getNamespace()))
        .filter(d -> Objects.equals(DashboardJson.groupOf(d), g.getMetadata().getName()))
        .toList();
  }

  List<DeploymentGroup> groupsOf(Application a) {
    return groups.list().stream()
        .filter(g -> Objects.equals(g.getMetadata().getNamespace(), a.getMetadata().getNamespace()))
        .filter(
            g ->
                g.getSpec() != null
                    && g.getSpec().getApplicationRef() != null
                    && Objects.equals(
                        g.getSpec().getApplicationRef().getName(), a.getMetadata().getName()))
        .sorted(java.util.Comparator.comparing(g -> g.getMetadata().getName()))
        .toList();
  }

  /** The namespaces that hold any of the three kinds, for the filters. */
  Set<String> namespaces() {
    Set<String> out = new TreeSet<>();
    deployments.list().forEach(d -> out.add(d.getMetadata().getNamespace()));
    groups.list().forEach(g -> out.add(g.getMetadata().getNamespace()));
    applications.list().forEach(a -> out.add(a.getMetadata().getNamespace()));
    return out;
  }

  @Override
  public void close() {
    deployments.close();
    groups.close();
    applications.close();
  }
}
