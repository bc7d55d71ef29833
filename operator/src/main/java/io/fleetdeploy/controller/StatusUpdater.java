package io.fleetdeploy.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way reconcilers write their resource's status: a replace of the status subresource at the
 * resourceVersion the reconcile read, and nothing when the status did not change.
 *
 * <p>Why not a patch: a reconcile may run on a cached copy that is already stale (the informer has
 * not delivered our previous write yet). A patch computed against a stale copy and applied to the
 * newer object mixes the two (a list entry added twice); an optimistic-lock conflict instead
 * discards the stale reconcile's write, and the next reconcile, on fresh data, decides again. Every
 * action a reconcile takes before its write is idempotent, so the discarded one did no harm.
 */
public final class StatusUpdater {
  /** What became of a write. */
  public enum Outcome {
    /** The status was already this: nothing written. */
    UNCHANGED,
    WRITTEN,
    /** Someone (usually our own earlier reconcile) changed the object since it was read. */
    CONFLICT
  }

  private final KubernetesClient client;

  /** The last status this updater wrote, per object uid, as the API server returned it. */
  private final Map<String, HasMetadata> written = new ConcurrentHashMap<>();

  public StatusUpdater(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Read your own writes: the object a reconcile is handed comes from an informer cache, which may
   * not have seen this updater's last write yet (a busy API server, a loaded machine). Reconciling
   * that stale copy would only end in a conflict, again and again until the cache catches up; the
   * copy this updater wrote is newer, so it is used instead. Resource versions are compared as
   * numbers (what etcd and the embedded server use); when they are not numbers, the cache is
   * trusted.
   */
  @SuppressWarnings("unchecked")
  public <R extends HasMetadata> R latest(R fromCache) {
    String uid = fromCache.getMetadata().getUid();
    HasMetadata mine = uid == null ? null : written.get(uid);
    if (mine == null) {
      return fromCache;
    }
    if (newer(
        mine.getMetadata().getResourceVersion(), fromCache.getMetadata().getResourceVersion())) {
      return (R) Serialization.clone(mine);
    }
    written.remove(uid, mine);
    return fromCache;
  }

  /** Forgets what was written for an object (it is gone or will not be written again). */
  public void forget(HasMetadata resource) {
    if (resource.getMetadata().getUid() != null) {
      written.remove(resource.getMetadata().getUid());
    }
  }

  private static boolean newer(String a, String b) {
    try {
      return Long.parseLong(a) > Long.parseLong(b);
    } catch (NumberFormatException | NullPointerException e) {
      return false;
    }
  }

  public <S, R extends CustomResource<?, S>> Outcome update(R resource, S status) {
    if (sameJson(resource.getStatus(), status)) {
      return Outcome.UNCHANGED;
    }
    @SuppressWarnings("unchecked")
    R copy = (R) Serialization.clone(resource);
    copy.setStatus(status);
    copy.getMetadata().setManagedFields(null);
    try {
      R stored = client.resource(copy).updateStatus();
      if (stored != null && stored.getMetadata().getUid() != null) {
        written.put(stored.getMetadata().getUid(), stored);
      }
      return Outcome.WRITTEN;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Outcome.CONFLICT;
      }
      throw e;
    }
  }

  /** Whether two values serialise to the same JSON (what a reader of the object would see). */
  public static boolean sameJson(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(
        Serialization.jsonMapper().valueToTree(a), Serialization.jsonMapper().valueToTree(b));
  }
}
