package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * values.schema.json, values.yaml and docs/helm.md describe the same values: a value added to one
 * and forgotten in another fails here.
 */
class ChartDocsTest {

  @Test
  void everyValueOfTheSchemaHasADefaultAndADocumentedRow() throws IOException {
    Map<String, Object> schema = new Yaml().load(Files.readString(Helm.CHART.resolve("values.schema.json")));
    Map<String, Object> values = new Yaml().load(Files.readString(Helm.CHART.resolve("values.yaml")));
    String docs = Files.readString(Helm.REPO_ROOT.resolve("docs").resolve("helm.md"));

    List<String> leaves = new ArrayList<>();
    collectLeaves(schema, "", leaves);
    leaves.remove("global"); // set by parent charts, not by this one

    assertThat(leaves).contains("image.digest", "rbac.clusterWide", "metrics.serviceMonitor.enabled");
    assertThat(leaves).allSatisfy(path -> {
      assertThat(hasPath(values, path)).as("values.yaml has a default for %s", path).isTrue();
      assertThat(docs).as("docs/helm.md documents %s", path).contains("`" + path + "`");
    });
  }

  /** Paths whose schema has no nested properties: the values a user sets as a whole. */
  @SuppressWarnings("unchecked")
  private static void collectLeaves(Map<String, Object> node, String path, List<String> leaves) {
    Object properties = node.get("properties");
    if (!(properties instanceof Map)) {
      leaves.add(path);
      return;
    }
    ((Map<String, Object>) properties).forEach((name, child) ->
        collectLeaves((Map<String, Object>) child, path.isEmpty() ? name : path + "." + name, leaves));
  }

  @SuppressWarnings("unchecked")
  private static boolean hasPath(Map<String, Object> values, String path) {
    Object node = values;
    for (String key : path.split("\\.")) {
      if (!(node instanceof Map) || !((Map<String, Object>) node).containsKey(key)) {
        return false;
      }
      node = ((Map<String, Object>) node).get(key);
    }
    return true;
  }
}
