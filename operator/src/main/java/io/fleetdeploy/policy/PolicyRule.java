package io.fleetdeploy.policy;

import java.util.List;

/**
 * One FleetPolicy, in plain types: which namespaces it governs and what it allows them. Names and
 * values are patterns: exact, a prefix ending in {@code *}, or {@code *} for anything.
 *
 * @param name the policy's name, to say which allowed what
 */
public record PolicyRule(
    String name,
    List<String> namespaces,
    List<TagRule> ec2Tags,
    List<TagRule> onPremisesTags,
    List<String> autoScalingGroups,
    List<String> s3Buckets,
    List<String> urlPrefixes) {

  /** A tag key and its allowed values; no values allows any value (and a key-only filter). */
  public record TagRule(String key, List<String> values) {
    public TagRule {
      values = values == null ? List.of() : List.copyOf(values);
    }
  }

  public PolicyRule {
    namespaces = copy(namespaces);
    ec2Tags = copy(ec2Tags);
    onPremisesTags = copy(onPremisesTags);
    autoScalingGroups = copy(autoScalingGroups);
    s3Buckets = copy(s3Buckets);
    urlPrefixes = copy(urlPrefixes);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  boolean governs(String namespace) {
    return namespaces.stream().anyMatch(p -> Pattern.matches(p, namespace));
  }
}
