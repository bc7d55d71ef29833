package io.fleetdeploy.controller;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;

/**
 * The one way reconcilers write their resource's status: a replace of the status subresource at
 * the resourceVersion the reconcile read, and nothing when the status did not change.
 *
 * <p>Why not a patch: a reconcile may run on a cached copy that is already stale (the informer
 * has not delivered our previous write yet). A patch computed against a stale copy and applied to
 * the newer object mixes the two (a list entry added twice); an optimistic-lock conflict instead
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

  public StatusUpdater(KubernetesClient client) {
    this.client = client;
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
      client.resource(copy).updateStatus();
      return Outcome.WRITTEN;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Outcome.CONFLICT;
      }
      throw e;
    }
  }

  static boolean sameJson(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(Serialization.jsonMapper().valueToTree(a), Serialization.jsonMapper().valueToTree(b));
  }
}
