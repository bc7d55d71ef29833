package io.fleetdeploy.simulator.ssm;

import java.util.List;

/**
 * A parameter a Command document declares. {@code defaultValue} is a String, a List of Strings
 * (StringList) or null when the parameter is required.
 */
record DocumentParameter(
    String name,
    String type,
    String description,
    Object defaultValue,
    List<String> allowedValues,
    String allowedPattern,
    Integer minItems,
    Integer maxItems,
    Integer minChars,
    Integer maxChars) {

  boolean isList() {
    return "StringList".equals(type) || "MapList".equals(type);
  }
}
