package io.fleetdeploy.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way reconcilers write their resource's status: a JSON Patch (RFC 6902) of the status
 * subresource that carries the difference between the status the reconcile read and the one it
 * writes, conditional on the resourceVersion it read; nothing when the status did not change.
 *
 * <p>Why conditional: a reconcile may run on a cached copy that is already stale (the informer has
 * not delivered our previous write yet). A patch computed against a stale copy and applied to the
 * newer object would mix the two (a list entry added twice); an optimistic-lock conflict instead
 * discards the stale reconcile's write, and the next reconcile, on fresh data, decides again. Every
 * action a reconcile takes before its write is idempotent, so the discarded one did no harm.
 *
 * <p>How: the patch's first operation sets {@code metadata.resourceVersion} to the version read.
 * The API server applies the patch to the object it has and then stores the result as an update
 * whose resourceVersion is a precondition: a stale one is answered 409 Conflict, as a stale replace
 * is ("Clients that need effective detection of lost updates should consider making their request
 * conditional on the existing resourceVersion (either HTTP PUT or HTTP PATCH)", Kubernetes API
 * concepts, https://kubernetes.io/docs/reference/using-api/api-concepts/#patch-and-apply; the
 * object a patch produces with a resourceVersion "is effectively a precondition on that version",
 * kubernetes/kubernetes#63104). Not a {@code test} operation: a JSON Patch that does not apply is
 * answered 422 Unprocessable Entity (apiserver's patch handler), which would not tell a stale read
 * from a broken patch.
 *
 * <p>Why a patch and not a replace: a replace sends the whole object for every change, and
 * OneAtATime at 5,000 instances writes about 5,000 times (once per batch, before it is sent): 300
 * KB each. The patch carries what changed (the batch's entries, the counts, a condition's message):
 * about 1.2 KB (docs/benchmarks.md). A patch that would be larger than the status itself, or longer
 * than {@value #MAX_OPERATIONS} operations (the API server takes at most 10,000), sets the whole
 * status instead. Should the server refuse the patch as not applicable (422: the status it has is
 * not the one this copy serialises to), the write falls back to the replace, once.
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

  private static final Logger LOG = LoggerFactory.getLogger(StatusUpdater.class);

  /** More operations than this and the patch sets the whole status instead. */
  static final int MAX_OPERATIONS = 1_000;

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

  /**
   * Writes {@code status} as the status of {@code resource}, as read at its resourceVersion: {@link
   * Outcome#CONFLICT} when the object changed since.
   */
  public <S, R extends CustomResource<?, S>> Outcome update(R resource, S status) {
    JsonNode before = tree(resource.getStatus());
    JsonNode after = tree(status);
    Optional<String> patch = patch(resource.getMetadata().getResourceVersion(), before, after);
    if (patch.isEmpty()) {
      return Outcome.UNCHANGED;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "Status patch of {} {}: {}",
          resource.getKind(),
          resource.getMetadata().getName(),
          patch.get());
    }
    try {
      R stored =
          client
              .resource(resource)
              .subresource("status")
              .patch(PatchContext.of(PatchType.JSON), patch.get());
      remember(stored);
      return Outcome.WRITTEN;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Outcome.CONFLICT;
      }
      if (e.getCode() == 422) {
        LOG.info(
            "The status patch of {} {} did not apply ({}); replacing the status instead",
            resource.getKind(),
            resource.getMetadata().getName(),
            e.getMessage());
        return replace(resource, status);
      }
      throw e;
    }
  }

  /**
   * The JSON Patch that turns the status {@code before} into {@code after}, conditional on {@code
   * resourceVersion}; empty when there is nothing to write.
   */
  static Optional<String> patch(String resourceVersion, JsonNode before, JsonNode after) {
    ArrayNode changes = JsonPatchDiff.diff(before, after, "/status");
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    if (after != null
        && !after.isNull()
        && (changes.size() > MAX_OPERATIONS
            || !JsonPatchDiff.longerThan(after, changes.toString().length() - 1L))) {
      changes = JsonNodeFactory.instance.arrayNode();
      changes.addObject().put("op", "add").put("path", "/status").set("value", after);
    }
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    if (resourceVersion != null) {
      ops.addObject()
          .put("op", "replace")
          .put("path", "/metadata/resourceVersion")
          .put("value", resourceVersion);
    }
    ops.addAll(changes);
    return Optional.of(ops.toString());
  }

  /** The whole object at the resourceVersion read, with the new status. */
  private <S, R extends CustomResource<?, S>> Outcome replace(R resource, S status) {
    @SuppressWarnings("unchecked")
    R copy = (R) Serialization.clone(resource);
    copy.setStatus(status);
    copy.getMetadata().setManagedFields(null);
    try {
      remember(client.resource(copy).updateStatus());
      return Outcome.WRITTEN;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return Outcome.CONFLICT;
      }
      throw e;
    }
  }

  private void remember(HasMetadata stored) {
    if (stored != null && stored.getMetadata().getUid() != null) {
      written.put(stored.getMetadata().getUid(), stored);
    }
  }

  private static JsonNode tree(Object value) {
    return value == null ? null : Serialization.jsonMapper().valueToTree(value);
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
