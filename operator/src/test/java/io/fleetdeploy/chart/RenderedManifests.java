package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The objects of a {@code helm template} output, read back as Kubernetes objects. */
final class RenderedManifests {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<Map<String, Object>> documents;

  private RenderedManifests(List<Map<String, Object>> documents) {
    this.documents = List.copyOf(documents);
  }

  @SuppressWarnings("unchecked")
  static RenderedManifests parse(String multiDocumentYaml) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 * 1024 * 1024);
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml(options).loadAll(multiDocumentYaml)) {
      if (document == null) {
        continue; // an empty document: a template whose condition was false
      }
      assertThat(document)
          .as("every rendered document is a Kubernetes object")
          .isInstanceOf(Map.class);
      Map<String, Object> object = (Map<String, Object>) document;
      assertThat(object)
          .as("rendered object %s", object)
          .containsKeys("apiVersion", "kind", "metadata");
      documents.add(object);
    }
    return new RenderedManifests(documents);
  }

  List<Map<String, Object>> documents() {
    return documents;
  }

  List<String> kinds() {
    return documents.stream().map(d -> (String) d.get("kind")).toList();
  }

  /** Every object of the kind, as the given model type (GenericKubernetesResource for any kind). */
  <T extends HasMetadata> List<T> all(String kind, Class<T> type) {
    return documents.stream()
        .filter(d -> kind.equals(d.get("kind")))
        .map(d -> SERIALIZATION.convertValue(d, type))
        .toList();
  }

  /** The one object of the kind; fails when there are none or several. */
  <T extends HasMetadata> T only(String kind, Class<T> type) {
    List<T> found = all(kind, type);
    assertThat(found).as("rendered objects of kind %s", kind).hasSize(1);
    return found.get(0);
  }
}
