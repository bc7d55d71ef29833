package io.fleetdeploy.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the Kubernetes API server checks when a custom resource is created, without an API server:
 * the name, defaulting, the CRD's structural OpenAPI schema (with strict field validation, as
 * {@code kubectl apply} asks for), and its CEL rules ({@code x-kubernetes-validations}) evaluated
 * at each node they are declared on.
 */
final class CrdAdmission {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Cel CEL =
      CelFactory.legacyCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .build();

  private final String group;
  private final String kind;
  private final List<String> versions = new ArrayList<>();
  private final JsonNode openApiSchema;
  private final Schema jsonSchema;
  private final Map<String, CelRuntime.Program> programs = new LinkedHashMap<>();

  private CrdAdmission(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    group = spec.path("group").asText();
    kind = spec.path("names").path("kind").asText();
    JsonNode version = spec.path("versions").get(0);
    versions.add(version.path("name").asText());
    openApiSchema = version.path("schema").path("openAPIV3Schema");
    jsonSchema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
            .getSchema(toJsonSchema(openApiSchema.deepCopy()).toString(), InputFormat.JSON);
  }

  static CrdAdmission load(Path crdYaml) {
    try {
      return new CrdAdmission(new YAMLMapper().readTree(crdYaml.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String kind() {
    return kind;
  }

  /** The errors the API server would answer with; empty when the object would be admitted. */
  List<String> admit(JsonNode object) {
    List<String> errors = new ArrayList<>();
    if (!(group + "/" + versions.get(0)).equals(object.path("apiVersion").asText())
        || !kind.equals(object.path("kind").asText())) {
      errors.add("apiVersion/kind: expected " + group + "/" + versions.get(0) + " " + kind);
      return errors;
    }
    String name = object.path("metadata").path("name").asText("");
    if (name.isEmpty() || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      errors.add("metadata.name: '" + name + "' must be a lowercase RFC 1123 subdomain");
    }
    ObjectNode defaulted = object.deepCopy();
    applyDefaults(openApiSchema, defaulted);
    jsonSchema
        .validate(defaulted.toString(), InputFormat.JSON)
        .forEach(
            e -> errors.add(dotted(e.getInstanceLocation().toString()) + ": " + e.getMessage()));
    if (errors.isEmpty()) {
      // The API server runs CEL only on objects that passed the schema.
      checkRules(openApiSchema, defaulted, "", errors);
    }
    return errors;
  }

  /**
   * "/spec/targets/ec2TagFilters/0/key" to "spec.targets.ec2TagFilters[0].key", as kubectl shows
   * paths.
   */
  private static String dotted(String pointer) {
    StringBuilder out = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty() || part.equals("$")) {
        continue;
      }
      if (part.matches("\\d+")) {
        out.append('[').append(part).append(']');
      } else {
        out.append(out.isEmpty() ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
      }
    }
    return out.isEmpty() ? "<root>" : out.toString();
  }

  // ---- defaulting: fills `default` values of absent properties in objects that are present
  private static void applyDefaults(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object && schema.has("properties")) {
      Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
      while (props.hasNext()) {
        Map.Entry<String, JsonNode> p = props.next();
        if (!object.has(p.getKey()) && p.getValue().has("default")) {
          object.set(p.getKey(), p.getValue().get("default").deepCopy());
        }
        if (object.has(p.getKey())) {
          applyDefaults(p.getValue(), object.get(p.getKey()));
        }
      }
    } else if (value instanceof ArrayNode array && schema.has("items")) {
      array.forEach(item -> applyDefaults(schema.get("items"), item));
    }
  }

  // ---- OpenAPI (structural, Kubernetes flavour) -> JSON Schema draft 4 with strict fields
  private static JsonNode toJsonSchema(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove(
          List.of(
              "x-kubernetes-validations",
              "x-kubernetes-preserve-unknown-fields",
              "x-kubernetes-int-or-string",
              "x-kubernetes-embedded-resource",
              "x-kubernetes-list-type",
              "x-kubernetes-list-map-keys",
              "x-kubernetes-map-type"));
      if (object.has("properties") && !object.has("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      object.fields().forEachRemaining(e -> toJsonSchema(e.getValue()));
    } else if (node instanceof ArrayNode array) {
      array.forEach(CrdAdmission::toJsonSchema);
    }
    if (node instanceof ObjectNode root
        && root.has("properties")
        && !root.path("properties").has("apiVersion")) {
      // The generator leaves the standard top-level fields out; the API server knows them.
      ObjectNode props = (ObjectNode) root.get("properties");
      if (props.has("spec") || props.has("status")) {
        props.set("apiVersion", JSON.createObjectNode().put("type", "string"));
        props.set("kind", JSON.createObjectNode().put("type", "string"));
        props.set("metadata", JSON.createObjectNode().put("type", "object"));
      }
    }
    return node;
  }

  // ---- CEL
  private void checkRules(JsonNode schema, JsonNode value, String path, List<String> errors) {
    if (value == null || value.isNull()) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      String expression = rule.path("rule").asText();
      Object result;
      try {
        result = program(expression).eval(Map.of("self", toCel(value)));
      } catch (CelEvaluationException e) {
        errors.add(path + ": rule '" + expression + "' failed to evaluate: " + e.getMessage());
        continue;
      }
      if (!Boolean.TRUE.equals(result)) {
        errors.add(
            (path.isEmpty() ? "<root>" : path) + ": " + rule.path("message").asText(expression));
      }
    }
    if (value.isObject() && schema.has("properties")) {
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              p -> {
                if (value.has(p.getKey())) {
                  checkRules(p.getValue(), value.get(p.getKey()), join(path, p.getKey()), errors);
                }
              });
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        checkRules(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
      }
    }
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private CelRuntime.Program program(String expression) {
    return programs.computeIfAbsent(
        expression,
        e -> {
          try {
            CelAbstractSyntaxTree ast = CEL.compile(e).getAst();
            return CEL.createProgram(ast);
          } catch (CelValidationException | CelEvaluationException ex) {
            throw new IllegalStateException(
                "CEL rule does not compile: " + e + ": " + ex.getMessage(), ex);
          }
        });
  }

  /** JSON to the values CEL-Java evaluates: maps, lists, Long, Double, String, Boolean. */
  private static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asText();
  }
}
