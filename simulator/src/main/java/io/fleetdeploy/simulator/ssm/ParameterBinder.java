package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a SendCommand's parameters against the document's declarations (unknown names, missing
 * values, types, allowed values and patterns, sizes) and renders each step with the values filled
 * in.
 */
final class ParameterBinder {
  private ParameterBinder() {}

  /** The value of every declared parameter: a String, or a List of Strings for list types. */
  static Map<String, Object> bind(DocumentVersion document, Map<String, List<String>> given) {
    Map<String, DocumentParameter> declared = document.model().parameters();
    for (String name : given.keySet()) {
      if (!declared.containsKey(name)) {
        throw invalid(
            "Parameter \""
                + name
                + "\" is not defined in document "
                + document.name()
                + " (it declares "
                + (declared.isEmpty() ? "no parameters" : declared.keySet())
                + ").");
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (DocumentParameter p : declared.values()) {
      List<String> provided = given.get(p.name());
      if (provided == null) {
        if (p.defaultValue() == null) {
          throw invalid(
              "Parameter \""
                  + p.name()
                  + "\" of document "
                  + document.name()
                  + " has no default value and must be given.");
        }
        values.put(p.name(), p.defaultValue());
        continue;
      }
      Object value;
      if (p.isList()) {
        value = List.copyOf(provided);
        check(p, provided);
      } else {
        if (provided.size() != 1) {
          throw invalid(
              "Parameter \""
                  + p.name()
                  + "\" is of type "
                  + p.type()
                  + " and takes exactly one value, got "
                  + provided.size()
                  + ".");
        }
        value = provided.get(0);
        check(p, provided);
      }
      values.put(p.name(), value);
    }
    return values;
  }

  private static void check(DocumentParameter p, List<String> values) {
    if (p.minItems() != null && values.size() < p.minItems()) {
      throw invalid(
          "Parameter \""
              + p.name()
              + "\" needs at least "
              + p.minItems()
              + " item(s), got "
              + values.size()
              + ".");
    }
    if (p.maxItems() != null && values.size() > p.maxItems()) {
      throw invalid(
          "Parameter \""
              + p.name()
              + "\" takes at most "
              + p.maxItems()
              + " item(s), got "
              + values.size()
              + ".");
    }
    for (String v : values) {
      if ("Integer".equals(p.type())) {
        try {
          Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
          throw invalid(
              "Parameter \""
                  + p.name()
                  + "\" is an Integer, but '"
                  + v
                  + "' is not a whole number.");
        }
      }
      if ("Boolean".equals(p.type()) && !v.equals("true") && !v.equals("false")) {
        throw invalid(
            "Parameter \""
                + p.name()
                + "\" is a Boolean, but '"
                + v
                + "' is neither true nor false.");
      }
      if (p.allowedValues() != null && !p.allowedValues().contains(v)) {
        throw invalid(
            "Parameter \""
                + p.name()
                + "\" value '"
                + v
                + "' is not one of the allowed values "
                + p.allowedValues()
                + ".");
      }
      if (p.allowedPattern() != null && !Pattern.compile(p.allowedPattern()).matcher(v).matches()) {
        throw invalid(
            "Parameter \""
                + p.name()
                + "\" value '"
                + abbreviate(v)
                + "' does not match the allowed pattern "
                + p.allowedPattern()
                + ".");
      }
      if (p.maxChars() != null && v.length() > p.maxChars()) {
        throw invalid(
            "Parameter \""
                + p.name()
                + "\" value is "
                + v.length()
                + " characters; at most "
                + p.maxChars()
                + " are allowed.");
      }
      if (p.minChars() != null && v.length() < p.minChars()) {
        throw invalid(
            "Parameter \""
                + p.name()
                + "\" value is "
                + v.length()
                + " characters; at least "
                + p.minChars()
                + " are needed.");
      }
    }
  }

  /** SSM counts the document and the command's parameter values against the 64 KB limit. */
  static void checkSize(DocumentVersion document, Map<String, List<String>> given) {
    long bytes = document.content().getBytes(StandardCharsets.UTF_8).length;
    for (Map.Entry<String, List<String>> e : given.entrySet()) {
      bytes += e.getKey().length();
      for (String v : e.getValue()) {
        bytes += v.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (bytes > DocumentStore.MAX_DOCUMENT_BYTES) {
      throw ApiException.badRequest(
          "MaxDocumentSizeExceeded",
          "The document "
              + document.name()
              + " with its parameter values is "
              + bytes
              + " bytes; the limit is "
              + DocumentStore.MAX_DOCUMENT_BYTES
              + " bytes.");
    }
  }

  static List<RenderedStep> render(DocumentModel model, Map<String, Object> values) {
    List<RenderedStep> out = new ArrayList<>();
    for (DocumentStep step : model.steps()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> inputs = (Map<String, Object>) substitute(step.inputs(), values);
      String script = null;
      if ("aws:runShellScript".equals(step.action())) {
        Object run = inputs.get("runCommand");
        List<String> lines = new ArrayList<>();
        if (run instanceof List<?> list) {
          list.forEach(l -> lines.add(DocumentParser.scalarText(l)));
        } else if (run != null) {
          lines.add(DocumentParser.scalarText(run));
        }
        script = String.join("\n", lines);
      }
      Object wd = inputs.get("workingDirectory");
      out.add(
          new RenderedStep(
              step.name(),
              step.action(),
              script,
              wd == null ? "" : String.valueOf(wd).trim(),
              timeoutOf(inputs.get("timeoutSeconds"), step.timeoutSeconds())));
    }
    return out;
  }

  private static int timeoutOf(Object input, Integer stepTimeout) {
    Object raw = input != null && !String.valueOf(input).isBlank() ? input : stepTimeout;
    if (raw == null) {
      return RenderedStep.DEFAULT_TIMEOUT_SECONDS;
    }
    try {
      long t = Long.parseLong(DocumentParser.scalarText(raw).trim());
      if (t <= 0) {
        return RenderedStep.DEFAULT_TIMEOUT_SECONDS;
      }
      return (int) Math.min(t, RenderedStep.MAX_TIMEOUT_SECONDS);
    } catch (NumberFormatException e) {
      // The agent falls back to its default rather than failing the plugin.
      return RenderedStep.DEFAULT_TIMEOUT_SECONDS;
    }
  }

  /**
   * Replaces {{ name }} references; a list element that is exactly one list reference expands in
   * place.
   */
  static Object substitute(Object node, Map<String, Object> values) {
    if (node instanceof String s) {
      Matcher whole = DocumentParser.REFERENCE.matcher(s.trim());
      if (whole.matches() && values.get(whole.group(1)) instanceof List<?> list) {
        return list;
      }
      Matcher m = DocumentParser.REFERENCE.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        Object v = values.get(m.group(1));
        String replacement =
            v == null
                ? m.group()
                : v instanceof List<?> l
                    ? String.join(",", l.stream().map(String::valueOf).toList())
                    : String.valueOf(v);
        m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(sb);
      return sb.toString();
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object item : list) {
        Object sub = substitute(item, values);
        if (item instanceof String && sub instanceof List<?> expanded) {
          out.addAll(expanded);
        } else {
          out.add(sub);
        }
      }
      return out;
    }
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), substitute(v, values)));
      return out;
    }
    return node;
  }

  private static String abbreviate(String v) {
    return v.length() <= 80 ? v : v.substring(0, 77) + "...";
  }

  private static ApiException invalid(String message) {
    return ApiException.badRequest("InvalidParameters", message);
  }
}
