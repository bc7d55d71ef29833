package io.fleetdeploy.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fleetdeploy.testing.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fleetdeploy.io object in every manifest under samples/ would be admitted. */
class SamplesAdmissionTest {
  private static final Map<String, CrdAdmission> CRDS = AdmissionCases.crdsByKind();

  static Stream<Arguments> sampleObjects() throws IOException {
    List<Arguments> objects = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Samples.ROOT)) {
      for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml$")).sorted().toList()) {
        try (MappingIterator<JsonNode> docs =
            new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
          int index = 0;
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc != null && doc.path("apiVersion").asText().startsWith("fleetdeploy.io/")) {
              objects.add(Arguments.of(Samples.ROOT.relativize(file) + "#" + index, doc));
            }
            index++;
          }
        }
      }
    }
    return objects.stream();
  }

  @Test
  void thereIsASampleOfEachKind() throws IOException {
    assertThat(sampleObjects().map(a -> ((JsonNode) a.get()[1]).path("kind").asText()))
        .contains("Application", "DeploymentGroup", "Deployment");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sampleObjects")
  void isAdmitted(String where, JsonNode object) {
    CrdAdmission crd = CRDS.get(object.path("kind").asText());
    assertThat(crd).as("%s has a fleetdeploy kind", where).isNotNull();
    assertThat(crd.admit(object)).as("admission errors of %s", where).isEmpty();
  }
}
