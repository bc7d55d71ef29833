package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.http.ApiException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of an AWS JSON request body. A member of the wrong JSON type is a
 * SerializationException, as the real service answers.
 */
final class JsonArgs {
  private final Map<String, Object> body;

  JsonArgs(Map<String, Object> body) {
    this.body = body;
  }

  boolean has(String name) {
    return body.get(name) != null;
  }

  String string(String name) {
    Object v = body.get(name);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw wrongType(name, "a string");
  }

  Integer integer(String name) {
    Object v = body.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
      return l.intValue();
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.intValueExact();
      } catch (ArithmeticException e) {
        throw wrongType(name, "an integer");
      }
    }
    throw wrongType(name, "an integer");
  }

  boolean bool(String name) {
    Object v = body.get(name);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrongType(name, "a boolean");
  }

  List<String> strings(String name) {
    Object v = body.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> list)) {
      throw wrongType(name, "a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String s)) {
        throw wrongType(name, "a list of strings");
      }
      out.add(s);
    }
    return out;
  }

  List<JsonArgs> structs(String name) {
    Object v = body.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> list)) {
      throw wrongType(name, "a list of objects");
    }
    List<JsonArgs> out = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map)) {
        throw wrongType(name, "a list of objects");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) item;
      out.add(new JsonArgs(m));
    }
    return out;
  }

  /** SendCommand's Parameters: a map of name to list of strings. */
  Map<String, List<String>> stringListMap(String name) {
    Object v = body.get(name);
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw wrongType(name, "a map of string lists");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getValue() instanceof List<?> list)) {
        throw wrongType(name + "." + e.getKey(), "a list of strings");
      }
      List<String> values = new ArrayList<>();
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw wrongType(name + "." + e.getKey(), "a list of strings");
        }
        values.add(s);
      }
      out.put(String.valueOf(e.getKey()), values);
    }
    return out;
  }

  Object raw(String name) {
    return body.get(name);
  }

  private static ApiException wrongType(String name, String expected) {
    return ApiException.badRequest(
        "SerializationException", "Member " + name + " must be " + expected + ".");
  }
}
