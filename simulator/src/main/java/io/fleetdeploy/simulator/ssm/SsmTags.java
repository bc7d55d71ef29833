package io.fleetdeploy.simulator.ssm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** SSM tag lists in and out. */
final class SsmTags {
  private SsmTags() {}

  /** Tags as a request carries them ([{Key, Value}]), checked against SSM's limits. */
  static Map<String, String> parse(List<JsonArgs> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonArgs t : tags == null ? List.<JsonArgs>of() : tags) {
      String key = t.string("Key");
      Constraints.required("tags.member.key", key);
      Constraints.length("tags.member.key", key, 1, 128);
      String value = t.string("Value");
      Constraints.required("tags.member.value", value);
      Constraints.maxLength("tags.member.value", value, 256);
      out.put(key, value);
    }
    return out;
  }

  static List<Map<String, Object>> toJson(Map<String, String> tags) {
    List<Map<String, Object>> out = new ArrayList<>();
    tags.forEach((k, v) -> out.add(Map.of("Key", k, "Value", v)));
    return out;
  }
}
