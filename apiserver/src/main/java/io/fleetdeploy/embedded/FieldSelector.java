package io.fleetdeploy.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes field selector ({@code involvedObject.kind=Deployment,type!=Normal}) applied to JSON
 * objects. The CRUD store behind the embedded server only knows {@code metadata.*} selectors, and
 * {@code kubectl describe} finds an object's Events by {@code involvedObject.*}.
 */
final class FieldSelector {
  private record Term(String[] path, String value, boolean equal) {}

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = terms;
  }

  static FieldSelector parse(String selector) {
    List<Term> terms = new ArrayList<>();
    for (String part : selector.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int not = part.indexOf("!=");
      int eq = part.indexOf('=');
      boolean equal = not < 0;
      int at = equal ? eq : not;
      if (at < 0) {
        throw new IllegalArgumentException("invalid field selector term: " + part);
      }
      String value = part.substring(at + (equal ? 1 : 2));
      if (equal && value.startsWith("=")) {
        value = value.substring(1); // "==" means "="
      }
      terms.add(new Term(part.substring(0, at).trim().split("\\."), value.trim(), equal));
    }
    return new FieldSelector(terms);
  }

  boolean matches(JsonNode object) {
    for (Term term : terms) {
      JsonNode node = object;
      for (String field : term.path()) {
        node = node.path(field);
      }
      String actual = node.isMissingNode() || node.isNull() ? "" : node.asText();
      if (actual.equals(term.value()) != term.equal()) {
        return false;
      }
    }
    return true;
  }
}
