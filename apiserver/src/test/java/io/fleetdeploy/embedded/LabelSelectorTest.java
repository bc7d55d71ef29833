package io.fleetdeploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void setBasedRequirementsSelectAsKubernetesDoes() throws Exception {
    JsonNode a = object("{\"shard\":\"a\",\"tier\":\"web\"}");
    JsonNode b = object("{\"shard\":\"b\"}");
    JsonNode none = object("{}");

    LabelSelector notIn = LabelSelector.parse("shard notin (a, c)");
    assertThat(notIn.matches(a)).isFalse();
    assertThat(notIn.matches(b)).isTrue();
    assertThat(notIn.matches(none)).as("notin selects objects without the label").isTrue();

    LabelSelector in = LabelSelector.parse("shard in (a,b),tier");
    assertThat(in.matches(a)).isTrue();
    assertThat(in.matches(b)).isFalse();

    assertThat(LabelSelector.parse("!shard").matches(none)).isTrue();
    assertThat(LabelSelector.parse("shard!=a").matches(none)).isTrue();
    assertThat(LabelSelector.parse("shard==b").matches(b)).isTrue();
    assertThat(LabelSelector.isSetBased("shard=a,!tier")).isFalse();
    assertThat(LabelSelector.isSetBased("shard notin (a)")).isTrue();
  }

  @Test
  void aMalformedSetRequirementIsRefusedWithItsText() {
    assertThatThrownBy(() -> LabelSelector.parse("shard among (a)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shard among (a)");
  }

  private static JsonNode object(String labels) throws Exception {
    return JSON.readTree("{\"metadata\":{\"labels\":" + labels + "}}");
  }
}
