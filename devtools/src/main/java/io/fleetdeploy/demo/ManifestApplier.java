package io.fleetdeploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies manifest objects the way {@code kubectl apply} does for what the demo needs: creates what
 * is missing, replaces the spec (and merges labels and annotations) of what exists when it differs,
 * and leaves the rest alone, so re-applying a file changes nothing.
 */
public final class ManifestApplier {
  /** What applying one object did, as kubectl says it. */
  public enum Result {
    created,
    configured,
    unchanged
  }

  private final KubernetesClient client;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  public ManifestApplier(KubernetesClient client) {
    this.client = client;
  }

  public List<Result> apply(ManifestFile manifest) {
    return manifest.objects().stream().map(o -> applyOne(manifest, o)).toList();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Result applyOne(ManifestFile manifest, CustomResource<?, ?> desired) {
    String namespace = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    var resource =
        client
            .resources((Class<CustomResource>) desired.getClass())
            .inNamespace(namespace)
            .withName(name);
    try {
      CustomResource current = resource.get();
      if (current == null) {
        client.resource(desired).create();
        return Result.created;
      }
      if (same(current.getSpec(), desired.getSpec())
          && contains(current.getMetadata().getLabels(), desired.getMetadata().getLabels())
          && contains(
              current.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())) {
        return Result.unchanged;
      }
      resource.edit(
          c -> {
            CustomResource edited = (CustomResource) c;
            edited.setSpec(desired.getSpec());
            edited
                .getMetadata()
                .setLabels(
                    merged(edited.getMetadata().getLabels(), desired.getMetadata().getLabels()));
            edited
                .getMetadata()
                .setAnnotations(
                    merged(
                        edited.getMetadata().getAnnotations(),
                        desired.getMetadata().getAnnotations()));
            return edited;
          });
      return Result.configured;
    } catch (KubernetesClientException e) {
      throw new IllegalStateException(
          "applying "
              + desired.getKind()
              + " "
              + namespace
              + "/"
              + name
              + " from "
              + manifest.file()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  private boolean same(Object a, Object b) {
    JsonNode left = serialization.convertValue(a, JsonNode.class);
    JsonNode right = serialization.convertValue(b, JsonNode.class);
    return Objects.equals(left, right);
  }

  private static boolean contains(Map<String, String> current, Map<String, String> desired) {
    return desired == null
        || desired.isEmpty()
        || (current != null && current.entrySet().containsAll(desired.entrySet()));
  }

  private static Map<String, String> merged(
      Map<String, String> current, Map<String, String> desired) {
    if (desired == null || desired.isEmpty()) {
      return current;
    }
    Map<String, String> merged = current == null ? new HashMap<>() : new HashMap<>(current);
    merged.putAll(desired);
    return merged;
  }
}
