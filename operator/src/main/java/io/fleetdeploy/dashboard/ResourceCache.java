package io.fleetdeploy.dashboard;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's copy of one kind of resource: informers (one per watched namespace, or one for
 * all) on the operator's client, so a page view never costs the API server a LIST. It has its own
 * informers rather than borrowing the controllers' because those run only on the leader: every
 * replica serves the dashboard.
 */
final class ResourceCache<T extends HasMetadata> implements AutoCloseable {
  private final List<SharedIndexInformer<T>> informers = new ArrayList<>();

  ResourceCache(
      KubernetesClient client, Class<T> type, Set<String> namespaces, LiveUpdates updates) {
    if (namespaces.isEmpty()) {
      informers.add(client.resources(type).inAnyNamespace().runnableInformer(0));
    } else {
      namespaces.forEach(
          ns -> informers.add(client.resources(type).inNamespace(ns).runnableInformer(0)));
    }
    ResourceEventHandler<T> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(T obj) {
            updates.publish(Change.Type.ADDED, obj);
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            updates.publish(Change.Type.MODIFIED, newObj);
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            updates.publish(Change.Type.DELETED, obj);
          }
        };
    informers.forEach(i -> i.addEventHandler(handler));
  }

  void start() {
    informers.forEach(SharedIndexInformer::start);
  }

  boolean synced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  List<T> list() {
    List<T> all = new ArrayList<>();
    informers.forEach(i -> all.addAll(i.getStore().list()));
    return all;
  }

  Optional<T> get(String namespace, String name) {
    for (SharedIndexInformer<T> informer : informers) {
      T found = informer.getStore().getByKey(namespace + "/" + name);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
