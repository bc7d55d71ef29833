package io.fleetdeploy.fleet;

import java.util.Map;

/** Matches an instance by one tag, as CodeDeploy's tag filters do. */
public record TagFilter(String key, String value, Type type) {
  public enum Type {
    KEY_ONLY,
    VALUE_ONLY,
    KEY_AND_VALUE
  }

  public static TagFilter keyAndValue(String key, String value) {
    return new TagFilter(key, value, Type.KEY_AND_VALUE);
  }

  public boolean matches(Map<String, String> tags) {
    return switch (type) {
      case KEY_ONLY -> tags.containsKey(key);
      case VALUE_ONLY -> tags.containsValue(value);
      case KEY_AND_VALUE -> value.equals(tags.get(key));
    };
  }
}
