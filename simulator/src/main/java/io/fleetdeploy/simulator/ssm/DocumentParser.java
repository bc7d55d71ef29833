package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.codec.JsonReader;
import io.fleetdeploy.simulator.codec.JsonSyntaxException;
import io.fleetdeploy.simulator.codec.JsonWriter;
import io.fleetdeploy.simulator.http.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads Command document content (JSON or YAML) the way SSM validates it on CreateDocument: schema
 * 1.2 {@code runtimeConfig} or 2.x {@code mainSteps}, declared parameters, and every {@code {{
 * parameter }}} reference declared. Problems become InvalidDocumentContent errors that say what and
 * where.
 */
final class DocumentParser {
  static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.:\\-]+)\\s*\\}\\}");
  private static final Set<String> SCHEMA_VERSIONS = Set.of("1.2", "2.0", "2.2");
  private static final Set<String> PARAMETER_TYPES =
      Set.of("String", "StringList", "Integer", "Boolean", "StringMap", "MapList");
  private static final Set<String> KNOWN_PLUGINS =
      Set.of(
          "aws:runShellScript",
          "aws:runPowerShellScript",
          "aws:runDocument",
          "aws:downloadContent",
          "aws:softwareInventory",
          "aws:configurePackage",
          "aws:applications",
          "aws:cloudWatch",
          "aws:configureDocker",
          "aws:domainJoin",
          "aws:psModule",
          "aws:refreshAssociation",
          "aws:updateAgent",
          "aws:updateSsmAgent",
          "aws:runDockerAction");
  private static final Pattern STEP_NAME = Pattern.compile("[a-zA-Z0-9_.\\-]+");

  private DocumentParser() {}

  /** Parses JSON or YAML content into plain maps and lists. */
  static Map<String, Object> readTree(String content, String format) {
    if ("JSON".equals(format)) {
      try {
        return JsonReader.parseObject(content);
      } catch (JsonSyntaxException e) {
        throw invalid("the content is not valid JSON: " + e.getMessage());
      }
    }
    if ("YAML".equals(format)) {
      try {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(content);
        if (!(tree instanceof Map)) {
          throw invalid("the YAML content must be a mapping at the top level");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) normalize(tree);
        return map;
      } catch (YAMLException e) {
        throw invalid("the content is not valid YAML: " + e.getMessage().replace('\n', ' '));
      }
    }
    throw ApiException.badRequest(
        "InvalidDocumentContent",
        "DocumentFormat " + format + " is not supported for Command documents: use JSON or YAML.");
  }

  /** Writes content in the other format (GetDocument with a DocumentFormat). */
  static String convert(String content, String fromFormat, String toFormat) {
    if (fromFormat.equals(toFormat)) {
      return content;
    }
    Map<String, Object> tree = readTree(content, fromFormat);
    if ("JSON".equals(toFormat)) {
      return JsonWriter.write(tree);
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options)
        .dump(tree);
  }

  static DocumentModel parse(String content, String format) {
    return parseTree(readTree(content, format));
  }

  static DocumentModel parseTree(Map<String, Object> tree) {
    Object schema = tree.get("schemaVersion");
    if (schema == null) {
      throw invalid("schemaVersion is missing");
    }
    String schemaVersion = String.valueOf(schema);
    if (!SCHEMA_VERSIONS.contains(schemaVersion)) {
      throw invalid(
          "schemaVersion "
              + schemaVersion
              + " is not supported for Command documents: use 2.2 (or 1.2, 2.0)");
    }
    Map<String, DocumentParameter> parameters = parseParameters(tree.get("parameters"));
    List<DocumentStep> steps =
        schemaVersion.equals("1.2")
            ? parseRuntimeConfig(tree.get("runtimeConfig"))
            : parseMainSteps(tree.get("mainSteps"));
    for (DocumentStep step : steps) {
      checkReferences(step.inputs(), parameters, "step '" + step.name() + "'");
    }
    Object description = tree.get("description");
    return new DocumentModel(
        schemaVersion, description == null ? null : String.valueOf(description), parameters, steps);
  }

  private static Map<String, DocumentParameter> parseParameters(Object node) {
    Map<String, DocumentParameter> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    if (!(node instanceof Map<?, ?> map)) {
      throw invalid("parameters must be a map of parameter name to definition");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof Map<?, ?> def)) {
        throw invalid("parameters." + name + " must be a map with at least 'type'");
      }
      Object type = def.get("type");
      if (type == null || !PARAMETER_TYPES.contains(String.valueOf(type))) {
        throw invalid(
            "parameters." + name + ".type must be one of " + PARAMETER_TYPES + ", was " + type);
      }
      Object dflt = def.get("default");
      Object defaultValue;
      if (dflt == null) {
        defaultValue = null;
      } else if (dflt instanceof List<?> list) {
        defaultValue = list.stream().map(DocumentParser::scalarText).toList();
      } else if (dflt instanceof Map) {
        defaultValue = JsonWriter.write(dflt);
      } else {
        defaultValue = scalarText(dflt);
      }
      List<String> allowedValues = null;
      if (def.get("allowedValues") instanceof List<?> values) {
        allowedValues = values.stream().map(DocumentParser::scalarText).toList();
      }
      Object pattern = def.get("allowedPattern");
      if (pattern != null) {
        try {
          Pattern.compile(String.valueOf(pattern));
        } catch (RuntimeException ex) {
          throw invalid(
              "parameters."
                  + name
                  + ".allowedPattern is not a valid regular expression: "
                  + pattern);
        }
      }
      out.put(
          name,
          new DocumentParameter(
              name,
              String.valueOf(type),
              textOrNull(def.get("description")),
              defaultValue,
              allowedValues,
              pattern == null ? null : String.valueOf(pattern),
              intOrNull(def, "minItems", name),
              intOrNull(def, "maxItems", name),
              intOrNull(def, "minChars", name),
              intOrNull(def, "maxChars", name)));
    }
    return out;
  }

  private static List<DocumentStep> parseMainSteps(Object node) {
    if (!(node instanceof List<?> list) || list.isEmpty()) {
      throw invalid("mainSteps must be a non-empty list of steps");
    }
    List<DocumentStep> steps = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> step)) {
        throw invalid("mainSteps[" + i + "] must be a map with action, name and inputs");
      }
      Object action = step.get("action");
      Object name = step.get("name");
      if (action == null) {
        throw invalid("mainSteps[" + i + "].action is missing");
      }
      if (!KNOWN_PLUGINS.contains(String.valueOf(action))) {
        throw invalid(
            "mainSteps[" + i + "].action '" + action + "' is not a Command document plugin");
      }
      if (name == null || !STEP_NAME.matcher(String.valueOf(name)).matches()) {
        throw invalid(
            "mainSteps[" + i + "].name must be letters, digits, '.', '-' or '_', was " + name);
      }
      if (!names.add(String.valueOf(name))) {
        throw invalid("mainSteps[" + i + "].name '" + name + "' is used by an earlier step");
      }
      Object inputs = step.get("inputs");
      if (inputs != null && !(inputs instanceof Map)) {
        throw invalid("mainSteps[" + i + "].inputs must be a map");
      }
      if ("aws:runShellScript".equals(action)
          && (inputs == null || ((Map<?, ?>) inputs).get("runCommand") == null)) {
        throw invalid(
            "mainSteps["
                + i
                + "] ("
                + name
                + ").inputs.runCommand is missing: aws:runShellScript needs the"
                + " commands to run");
      }
      steps.add(
          new DocumentStep(
              String.valueOf(name),
              String.valueOf(action),
              inputsOf(inputs),
              intOrNull(step, "timeoutSeconds", "mainSteps[" + i + "]")));
    }
    return steps;
  }

  private static List<DocumentStep> parseRuntimeConfig(Object node) {
    if (!(node instanceof Map<?, ?> config) || config.isEmpty()) {
      throw invalid("runtimeConfig must map plugin names to their properties");
    }
    List<DocumentStep> steps = new ArrayList<>();
    for (Map.Entry<?, ?> e : config.entrySet()) {
      String action = String.valueOf(e.getKey());
      if (!KNOWN_PLUGINS.contains(action)) {
        throw invalid("runtimeConfig." + action + " is not a Command document plugin");
      }
      Object properties = e.getValue() instanceof Map<?, ?> m ? m.get("properties") : null;
      List<?> runs =
          properties instanceof List<?> l
              ? l
              : properties instanceof Map ? List.of(properties) : null;
      if (runs == null || runs.isEmpty()) {
        throw invalid("runtimeConfig." + action + ".properties must be a non-empty list");
      }
      for (Object run : runs) {
        if (!(run instanceof Map)) {
          throw invalid("runtimeConfig." + action + ".properties entries must be maps");
        }
        // Schema 1.2 reports the plugin by its action name, as the agent does.
        steps.add(new DocumentStep(action, action, inputsOf(run), null));
      }
    }
    return steps;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> inputsOf(Object node) {
    return node == null ? Map.of() : new LinkedHashMap<>((Map<String, Object>) node);
  }

  private static void checkReferences(
      Object node, Map<String, DocumentParameter> parameters, String where) {
    if (node instanceof String s) {
      Matcher m = REFERENCE.matcher(s);
      while (m.find()) {
        String ref = m.group(1);
        if (!ref.startsWith("ssm:")
            && !ref.startsWith("ssm-secure:")
            && !parameters.containsKey(ref)) {
          throw invalid(
              where
                  + " uses {{ "
                  + ref
                  + " }} but the document declares no parameter '"
                  + ref
                  + "'");
        }
      }
    } else if (node instanceof Map<?, ?> map) {
      for (Object v : map.values()) {
        checkReferences(v, parameters, where);
      }
    } else if (node instanceof List<?> list) {
      for (Object v : list) {
        checkReferences(v, parameters, where);
      }
    }
  }

  private static Object normalize(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
      return out;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(DocumentParser::normalize).toList();
    }
    if (node instanceof java.util.Date date) {
      return date.toInstant().toString();
    }
    return node;
  }

  static String scalarText(Object value) {
    if (value instanceof Double d && d == Math.rint(d)) {
      return String.valueOf(d.longValue());
    }
    return String.valueOf(value);
  }

  private static String textOrNull(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static Integer intOrNull(Map<?, ?> map, String key, String where) {
    Object v = map.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw invalid(where + "." + key + " must be a whole number, was '" + v + "'");
    }
  }

  private static ApiException invalid(String message) {
    return ApiException.badRequest("InvalidDocumentContent", message);
  }
}
