package io.fleetdeploy.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conventions of the API, checked on the generated CRDs: every field is described (that text is
 * {@code kubectl explain}), every string is bounded, every list is bounded.
 */
class CrdSchemaConventionsTest {
  /**
   * The inner lists of ec2TagSet: the CRD generator cannot put maxItems on a list nested in a list,
   * so a CEL rule on targets bounds them (1 to 100).
   */
  private static final Map<String, String> UNBOUNDED_BY_SCHEMA =
      Map.of("spec.targets.ec2TagSet[]", "bounded by the CEL rule on spec.targets");

  @ParameterizedTest
  @ValueSource(strings = {"applications", "deploymentgroups", "deployments", "fleetpolicies"})
  void everyFieldIsDescribedAndBounded(String plural) throws IOException {
    JsonNode schema =
        new YAMLMapper()
            .readTree(GeneratedCrds.generated(plural).toFile())
            .path("spec")
            .path("versions")
            .get(0)
            .path("schema")
            .path("openAPIV3Schema");
    List<String> problems = new ArrayList<>();
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            e -> {
              // The generator gives every kind a status; a kind that has none (FleetPolicy) gets an
              // empty
              // object there, with nothing to describe.
              boolean noStatus = e.getKey().equals("status") && !e.getValue().has("properties");
              if (!noStatus) {
                walk(e.getKey(), e.getValue(), true, problems);
              }
            });
    assertThat(problems).as("schema convention problems in %s", plural).isEmpty();
  }

  private static void walk(String path, JsonNode node, boolean named, List<String> problems) {
    if (named && node.path("description").asText().isBlank()) {
      problems.add(path + ": no description");
    }
    switch (node.path("type").asText()) {
      case "string" -> {
        if (!node.has("maxLength") && !node.has("enum")) {
          problems.add(path + ": string without maxLength");
        }
      }
      case "array" -> {
        if (!node.has("maxItems") && !UNBOUNDED_BY_SCHEMA.containsKey(path)) {
          problems.add(path + ": list without maxItems");
        }
        walk(path + "[]", node.path("items"), false, problems);
      }
      case "object" ->
          node.path("properties")
              .fields()
              .forEachRemaining(e -> walk(path + "." + e.getKey(), e.getValue(), true, problems));
      default -> {}
    }
  }
}
