package io.fleetdeploy.simulator.codec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The arguments of an AWS Query or EC2 protocol request: a form-encoded body (and URL query)
 * flattened into {@code Name.1.Sub=value} keys. Offers the list and structure views both protocols
 * need: EC2 writes lists as {@code Name.N}, the Query protocol as {@code Name.member.N}.
 */
public final class QueryArgs {
  private final Map<String, String> values;

  private QueryArgs(Map<String, String> values) {
    this.values = values;
  }

  public static QueryArgs of(Map<String, String> values) {
    return new QueryArgs(new LinkedHashMap<>(values));
  }

  /** Parses {@code a=1&b=2} (form encoding: '+' is a space). Later duplicates win. */
  public static QueryArgs parseForm(String... encodedParts) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String encoded : encodedParts) {
      if (encoded == null || encoded.isEmpty()) {
        continue;
      }
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        map.put(decode(name), decode(value));
      }
    }
    return new QueryArgs(map);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed percent-encoding in '" + s + "'", e);
    }
  }

  public String get(String name) {
    return values.get(name);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Map<String, String> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  /**
   * The values of a list of scalars written as {@code prefix.1}, {@code prefix.2}, ... in index
   * order (gaps allowed, as clients may send them).
   */
  public List<String> list(String prefix) {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    String start = prefix + ".";
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(start)) {
        continue;
      }
      String rest = key.substring(start.length());
      if (rest.chars().allMatch(Character::isDigit) && !rest.isEmpty()) {
        byIndex.put(Integer.parseInt(rest), e.getValue());
      }
    }
    return new ArrayList<>(byIndex.values());
  }

  /**
   * A list of structures written as {@code prefix.N.Member...}: one {@link QueryArgs} per index,
   * holding the keys below {@code prefix.N.}.
   */
  public List<QueryArgs> structs(String prefix) {
    TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
    String start = prefix + ".";
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(start)) {
        continue;
      }
      String rest = key.substring(start.length());
      int dot = rest.indexOf('.');
      if (dot <= 0) {
        continue;
      }
      String index = rest.substring(0, dot);
      if (!index.chars().allMatch(Character::isDigit)) {
        continue;
      }
      byIndex
          .computeIfAbsent(Integer.parseInt(index), i -> new LinkedHashMap<>())
          .put(rest.substring(dot + 1), e.getValue());
    }
    List<QueryArgs> out = new ArrayList<>();
    for (Map<String, String> m : byIndex.values()) {
      out.add(new QueryArgs(m));
    }
    return out;
  }

  /** The keys below {@code prefix.} as their own arguments, e.g. a nested structure. */
  public QueryArgs struct(String prefix) {
    Map<String, String> m = new LinkedHashMap<>();
    String start = prefix + ".";
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey().startsWith(start)) {
        m.put(e.getKey().substring(start.length()), e.getValue());
      }
    }
    return new QueryArgs(m);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }
}
