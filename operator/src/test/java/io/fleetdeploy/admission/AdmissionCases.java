package io.fleetdeploy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads admission/invalid-resources.yaml: a base object, the fields a case changes, the expected
 * error.
 */
record AdmissionCases(List<Case> cases) {
  private static final Pattern REPEAT = Pattern.compile("^<<(.+)\\*(\\d+)>>$");

  record Case(String name, JsonNode object, String path, String expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  static AdmissionCases load(String resource) {
    try (InputStream in = AdmissionCases.class.getClassLoader().getResourceAsStream(resource)) {
      JsonNode root = new YAMLMapper().readTree(in);
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root.path("cases")) {
        ObjectNode object = root.path("bases").path(c.path("base").asText()).deepCopy();
        c.path("set").fields().forEachRemaining(e -> set(object, e.getKey(), expand(e.getValue())));
        cases.add(
            new Case(
                c.path("name").asText(),
                object,
                c.path("path").asText(),
                c.path("expect").asText()));
      }
      return new AdmissionCases(cases);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode expand(JsonNode value) {
    if (value.isTextual()) {
      Matcher m = REPEAT.matcher(value.asText());
      if (m.matches()) {
        return new TextNode(m.group(1).repeat(Integer.parseInt(m.group(2))));
      }
    } else if (value instanceof ObjectNode object) {
      object.fields().forEachRemaining(e -> e.setValue(expand(e.getValue())));
    } else if (value instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, expand(array.get(i)));
      }
    }
    return value;
  }

  private static void set(ObjectNode object, String dottedPath, JsonNode value) {
    String[] keys = dottedPath.split("\\.");
    ObjectNode parent = object;
    for (int i = 0; i < keys.length - 1; i++) {
      parent = parent.has(keys[i]) ? (ObjectNode) parent.get(keys[i]) : parent.putObject(keys[i]);
    }
    if (value.isNull()) {
      parent.remove(keys[keys.length - 1]);
    } else {
      parent.set(keys[keys.length - 1], value);
    }
  }

  static Map<String, CrdAdmission> crdsByKind() {
    Map<String, CrdAdmission> byKind = new java.util.HashMap<>();
    for (String plural :
        List.of("applications", "deploymentgroups", "deployments", "fleetpolicies")) {
      CrdAdmission crd = CrdAdmission.load(GeneratedCrds.generated(plural));
      byKind.put(crd.kind(), crd);
    }
    return byKind;
  }
}
