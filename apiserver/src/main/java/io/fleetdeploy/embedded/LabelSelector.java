package io.fleetdeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Kubernetes label selector with the set-based requirements ({@code key in (a,b)}, {@code key
 * notin (a,b)}) that the CRUD store behind the embedded server ignores (it splits the selector at
 * every comma): the whole selector is applied here instead. As in Kubernetes, {@code notin} and
 * {@code !=} also select objects without the label.
 */
final class LabelSelector {
  private enum Op {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    ABSENT
  }

  private record Requirement(String key, Op op, Set<String> values) {
    boolean matches(JsonNode labels) {
      JsonNode value = labels.path(key);
      boolean present = value.isTextual();
      String actual = present ? value.asText() : null;
      return switch (op) {
        case EQUALS, IN -> present && values.contains(actual);
        case NOT_EQUALS, NOT_IN -> !present || !values.contains(actual);
        case EXISTS -> present;
        case ABSENT -> !present;
      };
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  /** True when the selector has a requirement the CRUD store cannot apply. */
  static boolean isSetBased(String selector) {
    return selector.contains("(");
  }

  static LabelSelector parse(String selector) {
    List<Requirement> out = new ArrayList<>();
    for (String part : splitOutsideParentheses(selector)) {
      String term = part.trim();
      if (term.isEmpty()) {
        continue;
      }
      out.add(requirement(term));
    }
    return new LabelSelector(out);
  }

  private static Requirement requirement(String term) {
    int open = term.indexOf('(');
    if (open >= 0) {
      if (!term.endsWith(")")) {
        throw new IllegalArgumentException("invalid label selector requirement: " + term);
      }
      String[] head = term.substring(0, open).trim().split("\\s+");
      if (head.length != 2 || !(head[1].equals("in") || head[1].equals("notin"))) {
        throw new IllegalArgumentException(
            "invalid label selector requirement: " + term + " (expected 'key in (...)')");
      }
      Set<String> values =
          Set.of(
              java.util.Arrays.stream(term.substring(open + 1, term.length() - 1).split(","))
                  .map(String::trim)
                  .filter(v -> !v.isEmpty())
                  .toArray(String[]::new));
      return new Requirement(head[0], head[1].equals("in") ? Op.IN : Op.NOT_IN, values);
    }
    if (term.startsWith("!")) {
      return new Requirement(term.substring(1).trim(), Op.ABSENT, Set.of());
    }
    int not = term.indexOf("!=");
    if (not >= 0) {
      return new Requirement(
          term.substring(0, not).trim(), Op.NOT_EQUALS, Set.of(term.substring(not + 2).trim()));
    }
    int eq = term.indexOf('=');
    if (eq >= 0) {
      String value = term.substring(eq + 1);
      value = value.startsWith("=") ? value.substring(1) : value;
      return new Requirement(term.substring(0, eq).trim(), Op.EQUALS, Set.of(value.trim()));
    }
    return new Requirement(term, Op.EXISTS, Set.of());
  }

  private static List<String> splitOutsideParentheses(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(from, i));
        from = i + 1;
      }
    }
    parts.add(selector.substring(from));
    return parts;
  }

  /** Whether an object (its JSON) carries labels the selector selects. */
  boolean matches(JsonNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    return requirements.stream().allMatch(r -> r.matches(labels));
  }
}
