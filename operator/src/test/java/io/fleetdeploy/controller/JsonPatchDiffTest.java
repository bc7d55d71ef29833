package io.fleetdeploy.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Test;

/**
 * The JSON Patch between two trees turns the first into the second (applied by zjsonpatch, the RFC
 * 6902 implementation the Fabric8 mock server uses) and stays small for the changes status writes
 * make.
 */
class JsonPatchDiffTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ArrayNode diffApplied(String from, String to) throws Exception {
    JsonNode a = JSON.readTree(from);
    JsonNode b = JSON.readTree(to);
    ArrayNode ops = JsonPatchDiff.diff(a, b, "");
    assertThat(JsonPatch.apply(ops, a)).as(ops.toString()).isEqualTo(b);
    return ops;
  }

  @Test
  void equalTreesNeedNoOperation() throws Exception {
    assertThat(diffApplied("{\"a\":[1,{\"b\":2}]}", "{\"a\":[1,{\"b\":2}]}")).isEmpty();
  }

  @Test
  void membersAreSetAddedAndRemovedWhereTheyChanged() throws Exception {
    ArrayNode ops =
        diffApplied(
            "{\"a\":1,\"b\":{\"c\":\"x\",\"d\":true},\"gone\":3}",
            "{\"a\":2,\"b\":{\"c\":\"y\",\"d\":true},\"new\":[1]}");
    assertThat(ops.toString())
        .contains("\"path\":\"/b/c\"")
        .contains("\"op\":\"remove\",\"path\":\"/gone\"")
        .doesNotContain("/b/d");
  }

  @Test
  void aNullMemberIsAnAbsentOne() throws Exception {
    assertThat(JsonPatchDiff.diff(JSON.readTree("{\"a\":null}"), JSON.readTree("{}"), ""))
        .isEmpty();
    assertThat(
            JsonPatchDiff.diff(
                JSON.readTree("{\"a\":1}"), JSON.readTree("{\"a\":1,\"b\":null}"), ""))
        .isEmpty();
    diffApplied("{\"a\":null}", "{\"a\":{\"x\":1}}");
  }

  @Test
  void pointerTokensAreEscaped() throws Exception {
    ArrayNode ops = diffApplied("{\"a/b\":{\"c~d\":1}}", "{\"a/b\":{\"c~d\":2}}");
    assertThat(ops.get(0).get("path").asText()).isEqualTo("/a~1b/c~0d");
  }

  @Test
  void oneChangedEntryOfALongListIsOneOperationOnIt() throws Exception {
    StringBuilder a = new StringBuilder("[");
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < 5000; i++) {
      String sep = i == 0 ? "" : ",";
      a.append(sep).append("{\"id\":\"i-").append(i).append("\",\"status\":\"Pending\"}");
      b.append(sep)
          .append("{\"id\":\"i-")
          .append(i)
          .append("\",\"status\":\"")
          .append(i == 1234 ? "InProgress" : "Pending")
          .append("\"}");
    }
    ArrayNode ops = diffApplied(a.append("]").toString(), b.append("]").toString());
    assertThat(ops.toString())
        .isEqualTo("[{\"op\":\"add\",\"path\":\"/1234/status\",\"value\":\"InProgress\"}]");
  }

  @Test
  void listsThatGrowShrinkOrShiftArePatchedByTheirEnds() throws Exception {
    assertThat(diffApplied("[1,2,3]", "[1,2,3,4]").toString())
        .isEqualTo("[{\"op\":\"add\",\"path\":\"/-\",\"value\":4}]");
    assertThat(
            diffApplied(
                    "[\"entry-number-1\",\"entry-number-2\",\"entry-number-3\",\"entry-number-4\"]",
                    "[\"entry-number-1\",\"entry-number-2\"]")
                .toString())
        .isEqualTo("[{\"op\":\"remove\",\"path\":\"/3\"},{\"op\":\"remove\",\"path\":\"/2\"}]");
    // The recent-batches window: the oldest dropped, the newest ended, one started.
    String before =
        "["
            + batch(1, true)
            + ","
            + batch(2, true)
            + ","
            + batch(3, true)
            + ","
            + batch(4, false)
            + "]";
    String after =
        "["
            + batch(2, true)
            + ","
            + batch(3, true)
            + ","
            + batch(4, true)
            + ","
            + batch(5, false)
            + "]";
    ArrayNode window = diffApplied(before, after);
    assertThat(window.toString())
        .isEqualTo(
            "[{\"op\":\"remove\",\"path\":\"/0\"},"
                + "{\"op\":\"add\",\"path\":\"/2/end\",\"value\":\"t\"},"
                + "{\"op\":\"add\",\"path\":\"/-\",\"value\":"
                + batch(5, false)
                + "}]");
    assertThat(
            diffApplied(
                    "[\"entry-number-3\",\"entry-number-4\",\"entry-number-5\"]",
                    "[1,2,\"entry-number-3\",\"entry-number-4\",\"entry-number-5\"]")
                .toString())
        .isEqualTo(
            "[{\"op\":\"add\",\"path\":\"/0\",\"value\":1},{\"op\":\"add\",\"path\":\"/1\",\"value\":2}]");
    diffApplied("[1,2,3]", "[]");
    diffApplied("[]", "[1,2]");
    diffApplied("[1,2,3,4,5]", "[9,3,4,8]");
  }

  private static String batch(int n, boolean ended) {
    return "{\"n\":"
        + n
        + ",\"command\":\""
        + n
        + "f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\""
        + (ended ? ",\"end\":\"t\"" : "")
        + "}";
  }

  @Test
  void aListThatChangedThroughoutIsReplaced() throws Exception {
    assertThat(diffApplied("{\"l\":[1,2,3,4]}", "{\"l\":[5,6,7,8]}").toString())
        .isEqualTo("[{\"op\":\"replace\",\"path\":\"/l\",\"value\":[5,6,7,8]}]");
  }

  @Test
  void aValueOfAnotherTypeIsReplaced() throws Exception {
    diffApplied("{\"a\":[1],\"b\":{\"x\":1},\"c\":\"s\"}", "{\"a\":{\"x\":1},\"b\":[1],\"c\":2}");
    diffApplied("[[1,2],[3]]", "[[1,2,5],[3,4]]");
  }
}
