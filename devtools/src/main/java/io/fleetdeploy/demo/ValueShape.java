package io.fleetdeploy.demo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Values and the types of the API, as a manifest's author knows them: "a whole number", "one of
 * OneAtATime, HalfAtATime, AllAtOnce", "a list"; never a Java class name.
 */
final class ValueShape {
  private ValueShape() {}

  /** What a field of this Java type takes, in YAML terms. */
  static String expected(Class<?> type) {
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class
        || type == short.class
        || type == BigInteger.class) {
      return "a whole number";
    }
    if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class
        || type == BigDecimal.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getFields())
              .filter(java.lang.reflect.Field::isEnumConstant)
              .map(ValueShape::jsonName)
              .collect(Collectors.joining(", "));
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping of names to values";
    }
    return "a mapping of fields";
  }

  /**
   * The value as the manifest gave it: a quoted string, a number, or its kind when it is a list or
   * mapping.
   */
  static String given(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isTextual()) {
      return "\"" + value.asText() + "\"";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    return value.toString();
  }

  private static String jsonName(java.lang.reflect.Field constant) {
    JsonProperty property = constant.getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : constant.getName();
  }
}
