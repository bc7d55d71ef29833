package io.fleetdeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSONPath subset of CRD printer columns, and kubectl's ages. */
class PrinterColumnPathTest {
  private static final JsonNode GROUP =
      read(
          """
      {"metadata": {"name": "web"},
       "status": {"instanceCount": 3,
                  "conditions": [{"type": "Progressing", "status": "False"},
                                 {"type": "Ready", "status": "True", "reason": "Converged"}],
                  "instances": [{"id": "i-1"}, {"id": "i-2"}]}}""");

  @Test
  void fieldsIndexesWildcardsAndFilters() {
    assertThat(values(".metadata.name")).containsExactly("web");
    assertThat(values(".status.instanceCount")).containsExactly("3");
    assertThat(values(".status.instances[1].id")).containsExactly("i-2");
    assertThat(values(".status.instances[-1].id")).containsExactly("i-2");
    assertThat(values(".status.instances[*].id")).containsExactly("i-1", "i-2");
    assertThat(values(".status.conditions[?(@.type==\"Ready\")].status")).containsExactly("True");
    assertThat(values(".status.conditions[?(@.type=='Ready')].reason"))
        .containsExactly("Converged");
    assertThat(values(".status.conditions[?(@.type!=\"Ready\")].type"))
        .containsExactly("Progressing");
    assertThat(values("$.metadata.name")).containsExactly("web");
  }

  @Test
  void whatIsNotThereHasNoValue() {
    assertThat(values(".status.activeDeployment")).isEmpty();
    assertThat(values(".status.instances[5].id")).isEmpty();
    assertThat(values(".metadata.name[0]")).isEmpty();
    assertThat(values(".status.conditions[?(@.type==\"Degraded\")].status")).isEmpty();
  }

  @Test
  void aPathItCannotReadIsRefused() {
    assertThatThrownBy(() -> PrinterColumnPath.parse("status.phase"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrinterColumnPath.parse(".status[0"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void agesReadAsKubectlShowsThem() {
    assertThat(HumanDuration.of(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(HumanDuration.of(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(HumanDuration.of(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(HumanDuration.of(Duration.ofSeconds(200))).isEqualTo("3m20s");
    assertThat(HumanDuration.of(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(HumanDuration.of(Duration.ofMinutes(95))).isEqualTo("95m");
    assertThat(HumanDuration.of(Duration.ofMinutes(250))).isEqualTo("4h10m");
    assertThat(HumanDuration.of(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(HumanDuration.of(Duration.ofHours(51))).isEqualTo("2d3h");
    assertThat(HumanDuration.of(Duration.ofDays(40))).isEqualTo("40d");
    assertThat(HumanDuration.of(Duration.ofDays(800))).isEqualTo("2y70d");
  }

  private static List<String> values(String path) {
    return PrinterColumnPath.parse(path).read(GROUP).stream().map(JsonNode::asText).toList();
  }

  private static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
