package io.fleetdeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset CRD printer columns use: {@code .a.b}, {@code .a[0]}, {@code .a[*].b} and
 * filters {@code .a[?(@.type=="Ready")].status}. A path it cannot read yields no value (the cell
 * shows {@code <none>}), as the API server does for values that are not there.
 */
final class PrinterColumnPath {
  private static final Pattern FILTER =
      Pattern.compile("\\?\\(@((?:\\.[^=!]+)+)\\s*(==|!=)\\s*(\"[^\"]*\"|'[^']*'|[^)\\s]+)\\)");

  private final List<String> steps;

  private PrinterColumnPath(List<String> steps) {
    this.steps = steps;
  }

  /**
   * Parses {@code .a.b[?(@.c=="d")].e} into steps {@code a}, {@code b}, {@code [?(...)]}, {@code
   * e}.
   */
  static PrinterColumnPath parse(String path) {
    List<String> steps = new ArrayList<>();
    int i = path.startsWith("$") ? 1 : 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        steps.add(path.substring(i + 1, end));
        i = end;
      } else if (c == '[') {
        int end = closingBracket(path, i);
        steps.add(path.substring(i, end + 1));
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unsupported JSONPath " + path + " at " + i);
      }
    }
    return new PrinterColumnPath(steps);
  }

  private static int closingBracket(String path, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '[') {
        depth++;
      } else if (!quoted && c == ']' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed [ in JSONPath " + path);
  }

  /** Every value the path reaches, in document order. */
  List<JsonNode> read(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (String step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
    }
    return current;
  }

  private static void apply(String step, JsonNode node, List<JsonNode> out) {
    if (!step.startsWith("[")) {
      JsonNode child = node.get(step);
      if (child != null && !child.isNull()) {
        out.add(child);
      }
      return;
    }
    String inner = step.substring(1, step.length() - 1).trim();
    if (!node.isArray()) {
      return;
    }
    if (inner.equals("*")) {
      node.forEach(out::add);
    } else if (inner.matches("-?\\d+")) {
      int index = Integer.parseInt(inner);
      JsonNode element = node.get(index < 0 ? node.size() + index : index);
      if (element != null) {
        out.add(element);
      }
    } else {
      Matcher filter = FILTER.matcher(inner);
      if (!filter.matches()) {
        return;
      }
      PrinterColumnPath field = parse(filter.group(1).trim());
      String expected = unquote(filter.group(3));
      boolean equal = filter.group(2).equals("==");
      for (JsonNode element : node) {
        List<JsonNode> values = field.read(element);
        boolean matches = !values.isEmpty() && values.get(0).asText().equals(expected);
        if (matches == equal) {
          out.add(element);
        }
      }
    }
  }

  private static String unquote(String literal) {
    if (literal.length() >= 2 && (literal.startsWith("\"") || literal.startsWith("'"))) {
      return literal.substring(1, literal.length() - 1);
    }
    return literal;
  }
}
