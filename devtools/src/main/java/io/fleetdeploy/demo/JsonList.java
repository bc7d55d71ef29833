package io.fleetdeploy.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The demo's {@code --output json}: one Kubernetes List of the full final Applications,
 * DeploymentGroups and Deployments, as {@code kubectl get -o json} prints several kinds.
 */
final class JsonList {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonList() {}

  static String render(ClusterSnapshot snapshot) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    ObjectNode list = JSON.createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode items = list.putArray("items");
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(sorted(snapshot.applications()));
    objects.addAll(sorted(snapshot.groups()));
    objects.addAll(snapshot.deployments());
    objects.forEach(o -> items.add(serialization.convertValue(o, ObjectNode.class)));
    list.putObject("metadata").put("resourceVersion", "");
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T extends HasMetadata> List<T> sorted(List<T> objects) {
    return objects.stream()
        .sorted(
            Comparator.comparing((T o) -> Objects.toString(o.getMetadata().getNamespace(), ""))
                .thenComparing(o -> o.getMetadata().getName()))
        .toList();
  }
}
