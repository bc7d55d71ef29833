package io.fleetdeploy.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON Patch (RFC 6902) that turns one JSON tree into another, small where the change is small,
 * computed in one pass over both trees (no longest common subsequence: status lists have 5,000
 * entries).
 *
 * <p>Objects are compared field by field. A member is set with {@code add}, which RFC 6902 defines
 * as replacing a member that exists and adding one that does not: a member the API server pruned (a
 * null it did not store) is then no reason for the patch to fail. A member whose value is JSON null
 * counts as absent, as on the server.
 *
 * <p>Arrays are compared index by index (one changed instance in a list of 5,000 is one operation
 * on that entry); entries added at the end are added, entries gone from the end removed. A list
 * that shifted (the oldest entries dropped from its front, as the recent-batches window does, or
 * entries put in front) is recognised by its first entry and patched as that shift plus the
 * per-index changes. Whenever replacing the whole array is smaller than the operations, the array
 * is replaced.
 */
final class JsonPatchDiff {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectWriter WRITER = new ObjectMapper().writer();

  private JsonPatchDiff() {}

  /**
   * The operations that turn {@code from} into {@code to}, both at {@code path} (a JSON Pointer, ""
   * for the document); none when they are equal.
   */
  static ArrayNode diff(JsonNode from, JsonNode to, String path) {
    ArrayNode ops = NODES.arrayNode();
    value(from, to, path, ops);
    return ops;
  }

  /** {@code name} as one JSON Pointer reference token. */
  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private static void value(JsonNode from, JsonNode to, String path, ArrayNode ops) {
    if (absent(from) && absent(to)) {
      return;
    }
    if (absent(to)) {
      ops.add(op("remove", path, null));
    } else if (absent(from)) {
      ops.add(op("add", path, to));
    } else if (from.equals(to)) {
      return;
    } else if (from.isObject() && to.isObject()) {
      object((ObjectNode) from, (ObjectNode) to, path, ops);
    } else if (from.isArray() && to.isArray()) {
      array((ArrayNode) from, (ArrayNode) to, path, ops);
    } else {
      ops.add(op("replace", path, to));
    }
  }

  private static void object(ObjectNode from, ObjectNode to, String path, ArrayNode ops) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!absent(field.getValue()) && absent(to.get(field.getKey()))) {
        ops.add(op("remove", path + "/" + escape(field.getKey()), null));
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode before = from.get(field.getKey());
      if (absent(field.getValue())) {
        continue;
      }
      String member = path + "/" + escape(field.getKey());
      if (absent(before)) {
        ops.add(op("add", member, field.getValue()));
      } else if (!before.equals(field.getValue())) {
        if (before.getNodeType() == field.getValue().getNodeType()
            && (before.isObject() || before.isArray())) {
          value(before, field.getValue(), member, ops);
        } else {
          // add sets an existing member as well (RFC 6902, 4.1).
          ops.add(op("add", member, field.getValue()));
        }
      }
    }
  }

  private static void array(ArrayNode from, ArrayNode to, String path, ArrayNode ops) {
    ArrayNode best = aligned(from, 0, to, 0, path);
    if (!from.isEmpty() && !to.isEmpty() && !from.get(0).equals(to.get(0))) {
      // The front dropped: the new first entry is further down the old list.
      int dropped = indexOf(from, to.get(0));
      if (dropped > 0) {
        ArrayNode shifted = NODES.arrayNode();
        for (int i = 0; i < dropped; i++) {
          shifted.add(op("remove", path + "/0", null));
        }
        shifted.addAll(aligned(from, dropped, to, 0, path));
        best = smaller(best, shifted);
      }
      // Entries put in front: the old first entry is further down the new list.
      int inserted = indexOf(to, from.get(0));
      if (inserted > 0) {
        ArrayNode shifted = NODES.arrayNode();
        for (int i = 0; i < inserted; i++) {
          shifted.add(op("add", path + "/" + i, to.get(i)));
        }
        shifted.addAll(aligned(from, 0, to, inserted, path));
        best = smaller(best, shifted);
      }
    }
    ArrayNode replace = NODES.arrayNode().add(op("replace", path, to));
    // Serialising a 5,000-entry list to learn it is longer than a few operations would cost more
    // than the diff: the replace is measured only up to the operations' length.
    ops.addAll(longerThan(replace, best.toString().length() - 1L) ? best : replace);
  }

  /** Whether {@code node} serialises to more than {@code limit} characters. */
  static boolean longerThan(JsonNode node, long limit) {
    try (Writer counter = new LimitedWriter(limit)) {
      WRITER.writeValue(counter, node);
      return false;
    } catch (LimitedWriter.Exceeded e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts what is written and gives up once past its limit. */
  private static final class LimitedWriter extends Writer {
    private final long limit;
    private long written;

    LimitedWriter(long limit) {
      this.limit = limit;
    }

    static final class Exceeded extends IOException {
      private static final long serialVersionUID = 1L;

      Exceeded() {
        super("over the limit", null);
      }
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
      written += length;
      if (written > limit) {
        throw new Exceeded();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  /**
   * Turns {@code from[fromStart..]} into {@code to[toStart..]} index by index, where the patched
   * array already has {@code to[0..toStart)} in front (so both start at index {@code toStart}).
   */
  private static ArrayNode aligned(
      ArrayNode from, int fromStart, ArrayNode to, int toStart, String path) {
    ArrayNode ops = NODES.arrayNode();
    int common = Math.min(from.size() - fromStart, to.size() - toStart);
    for (int i = 0; i < common; i++) {
      JsonNode before = from.get(fromStart + i);
      JsonNode after = to.get(toStart + i);
      String entry = path + "/" + (toStart + i);
      if (before.isNull() || after.isNull()) {
        // A null entry is an entry (only members are absent when null).
        if (!before.equals(after)) {
          ops.add(op("replace", entry, after));
        }
      } else {
        value(before, after, entry, ops);
      }
    }
    for (int i = toStart + common; i < to.size(); i++) {
      ops.add(op("add", path + "/-", to.get(i)));
    }
    // Removed from the end backwards, so every index still names the entry it meant.
    for (int i = from.size() - fromStart - 1; i >= common; i--) {
      ops.add(op("remove", path + "/" + (toStart + i), null));
    }
    return ops;
  }

  private static int indexOf(ArrayNode array, JsonNode entry) {
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i).equals(entry)) {
        return i;
      }
    }
    return -1;
  }

  private static ArrayNode smaller(ArrayNode a, ArrayNode b) {
    return b.toString().length() < a.toString().length() ? b : a;
  }

  private static ObjectNode op(String name, String path, JsonNode value) {
    ObjectNode op = NODES.objectNode().put("op", name).put("path", path);
    if (value != null) {
      op.set("value", value);
    }
    return op;
  }
}
