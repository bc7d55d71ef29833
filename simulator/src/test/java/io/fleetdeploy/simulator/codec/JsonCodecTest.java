package io.fleetdeploy.simulator.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  @Test
  void readsEveryJsonValueKind() {
    Map<String, Object> m =
        JsonReader.parseObject(
            "{\"s\":\"caf\\u00e9\\n\\\"q\\\"\",\"i\":42,\"neg\":-7,\"d\":1.5e3,\"t\":true,\"f\":false,\"n\":null,"
                + "\"a\":[1,[2],{}],\"big\":12345678901234567890}");
    assertThat(m.get("s")).isEqualTo("café\n\"q\"");
    assertThat(m.get("i")).isEqualTo(42L);
    assertThat(m.get("neg")).isEqualTo(-7L);
    assertThat(m.get("d")).isEqualTo(new BigDecimal("1.5e3"));
    assertThat(m.get("t")).isEqualTo(true);
    assertThat(m).containsEntry("n", null);
    assertThat(m.get("a")).isEqualTo(List.of(1L, List.of(2L), Map.of()));
    assertThat(m.get("big")).isEqualTo(new BigDecimal("12345678901234567890"));
    assertThat(m.keySet()).containsExactly("s", "i", "neg", "d", "t", "f", "n", "a", "big");
  }

  @Test
  void malformedJsonSaysWhereItStopped() {
    assertThatThrownBy(() -> JsonReader.parse("{\"a\": }"))
        .isInstanceOf(JsonSyntaxException.class)
        .hasMessage("unexpected character '}' at offset 6");
    assertThatThrownBy(() -> JsonReader.parse("[1, 2] x"))
        .hasMessageContaining("unexpected content after");
    assertThatThrownBy(() -> JsonReader.parse("\"tab\there\""))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> JsonReader.parse("{\"a\" 1}")).hasMessageContaining("expected ':'");
    assertThatThrownBy(() -> JsonReader.parseObject("[]")).hasMessageContaining("JSON object");
  }

  @Test
  void writesCompactJsonLeavingOutNullMembers() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "line\nbreak \"quoted\" \u0001");
    m.put("absent", null);
    m.put("num", 3);
    m.put("dec", new BigDecimal("1700000000.123"));
    m.put("list", List.of(true, "x"));
    String json = JsonWriter.write(m);
    assertThat(json)
        .isEqualTo(
            "{\"text\":\"line\\nbreak \\\"quoted\\\" \\u0001\",\"num\":3,"
                + "\"dec\":1700000000.123,\"list\":[true,\"x\"]}");
    assertThat(JsonReader.parseObject(json).get("text")).isEqualTo(m.get("text"));
  }

  @Test
  void stringsWithoutEscapesAndWithEscapesAnywhereReadAndWriteExactly() {
    assertThat(JsonWriter.write("plain")).isEqualTo("\"plain\"");
    assertThat(JsonWriter.write("")).isEqualTo("\"\"");
    assertThat(JsonWriter.write("\"start")).isEqualTo("\"\\\"start\"");
    assertThat(JsonWriter.write("end\n")).isEqualTo("\"end\\n\"");
    assertThat(JsonWriter.write("a\\b\tc\u2028d\u001fe"))
        .isEqualTo("\"a\\\\b\\tc\\u2028d\\u001fe\"");
    assertThat(JsonReader.parse("\"plain\"")).isEqualTo("plain");
    assertThat(JsonReader.parse("\"\"")).isEqualTo("");
    assertThat(JsonReader.parse("\"\\\"start\"")).isEqualTo("\"start");
    assertThat(JsonReader.parse("\"end\\n\"")).isEqualTo("end\n");
    assertThat(JsonReader.parse("\"a\\/b\\u00e9c\"")).isEqualTo("a/b\u00e9c");
    StringBuilder mixed = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      mixed.append(i % 97 == 0 ? "\"\\\n\u0001" : "x").append((char) ('a' + i % 26));
    }
    String text = mixed.toString();
    assertThat(JsonReader.parse(JsonWriter.write(text))).isEqualTo(text);
    assertThat(JsonReader.parse(JsonWriter.write(Map.of("k", List.of(text, "é€")))))
        .isEqualTo(Map.of("k", List.of(text, "é€")));
  }

  @Test
  void aBrokenStringIsReportedWhereItBreaks() {
    assertThatThrownBy(() -> JsonReader.parse("\"abc\u0001def\""))
        .hasMessage("control character in string at offset 4");
    assertThatThrownBy(() -> JsonReader.parse("\"a\\nb\u0001\""))
        .hasMessage("control character in string at offset 5");
    assertThatThrownBy(() -> JsonReader.parse("\"abcdef"))
        .hasMessage("unterminated string at offset 7");
    assertThatThrownBy(() -> JsonReader.parse("\"ab\\"))
        .hasMessage("unterminated escape at offset 4");
    assertThatThrownBy(() -> JsonReader.parse("\"ab\\x\""))
        .hasMessage("invalid escape '\\x' at offset 5");
  }
}
