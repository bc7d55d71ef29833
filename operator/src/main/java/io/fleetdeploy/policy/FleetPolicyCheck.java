package io.fleetdeploy.policy;

import io.fleetdeploy.fleet.TagFilter;
import io.fleetdeploy.policy.PolicyRule.TagRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decides whether the FleetPolicies allow a namespace what it asks for, before any host is touched.
 * No policy at all allows everything (a cluster that never adopted FleetPolicy behaves as before);
 * once one exists, a namespace no policy governs may do nothing, and one that is governed may do
 * what the union of its policies allows:
 *
 * <ul>
 *   <li>a tag filter when a rule has its key (or {@code *}) and, for a key-and-value filter, its
 *       value (a rule without values allows any value, and is the only one that allows a key-only
 *       filter; a value-only filter needs a rule of key {@code *});
 *   <li>an {@code ec2TagSet} when one of its groups is allowed whole (every instance it targets
 *       matches a filter of each group, so of that one);
 *   <li>an Auto Scaling group, an S3 bucket, a URL by their patterns.
 * </ul>
 */
public final class FleetPolicyCheck {
  private FleetPolicyCheck() {}

  public static PolicyVerdict check(List<PolicyRule> policies, PolicyRequest request) {
    if (policies.isEmpty()) {
      return new PolicyVerdict.Allowed();
    }
    String ns = request.namespace();
    List<PolicyRule> governing = policies.stream().filter(p -> p.governs(ns)).toList();
    if (governing.isEmpty()) {
      return new PolicyVerdict.Refused(
          "no FleetPolicy allows namespace "
              + ns
              + " anything (FleetPolicies exist,"
              + " so a namespace none of them names may deploy nowhere)");
    }
    List<String> refused = new ArrayList<>();
    var targets = request.targets();
    for (TagFilter filter : targets.ec2TagFilters()) {
      if (!allowed(governing, PolicyRule::ec2Tags, filter)) {
        refused.add("EC2 tag filter " + describe(filter));
      }
    }
    if (!targets.ec2TagSet().isEmpty()
        && targets.ec2TagSet().stream()
            .noneMatch(
                set -> set.stream().allMatch(f -> allowed(governing, PolicyRule::ec2Tags, f)))) {
      refused.add(
          "EC2 tag set "
              + targets.ec2TagSet().stream()
                  .map(set -> set.stream().map(FleetPolicyCheck::describe).toList().toString())
                  .toList()
              + " (no group of it is allowed whole)");
    }
    for (TagFilter filter : targets.onPremisesTagFilters()) {
      if (!allowed(governing, PolicyRule::onPremisesTags, filter)) {
        refused.add("on-premises tag filter " + describe(filter));
      }
    }
    for (String asg : targets.autoScalingGroups()) {
      if (governing.stream()
          .noneMatch(p -> p.autoScalingGroups().stream().anyMatch(x -> Pattern.matches(x, asg)))) {
        refused.add("Auto Scaling group " + asg);
      }
    }
    request
        .revision()
        .ifPresent(
            source -> {
              if (source instanceof PolicyRequest.Source.S3 s3
                  && governing.stream()
                      .noneMatch(
                          p ->
                              p.s3Buckets().stream()
                                  .anyMatch(b -> Pattern.matches(b, s3.bucket())))) {
                refused.add("revisions from S3 bucket " + s3.bucket());
              }
              if (source instanceof PolicyRequest.Source.Url url
                  && governing.stream()
                      .noneMatch(
                          p ->
                              p.urlPrefixes().stream()
                                  .anyMatch(prefix -> url.url().startsWith(prefix)))) {
                refused.add("revisions from " + url.url());
              }
            });
    if (refused.isEmpty()) {
      return new PolicyVerdict.Allowed();
    }
    return new PolicyVerdict.Refused(
        "the FleetPolicies of namespace "
            + ns
            + " ("
            + String.join(", ", governing.stream().map(PolicyRule::name).toList())
            + ") do not allow "
            + String.join("; ", refused));
  }

  private static boolean allowed(
      List<PolicyRule> governing, Function<PolicyRule, List<TagRule>> rules, TagFilter filter) {
    return governing.stream()
        .flatMap(p -> rules.apply(p).stream())
        .anyMatch(rule -> allows(rule, filter));
  }

  private static boolean allows(TagRule rule, TagFilter filter) {
    boolean anyValue = rule.values().isEmpty();
    return switch (filter.type()) {
      case KEY_AND_VALUE ->
          Pattern.matches(rule.key(), filter.key())
              && (anyValue
                  || rule.values().stream().anyMatch(v -> Pattern.matches(v, filter.value())));
      case KEY_ONLY -> Pattern.matches(rule.key(), filter.key()) && anyValue;
      case VALUE_ONLY ->
          rule.key().equals("*")
              && (anyValue
                  || rule.values().stream().anyMatch(v -> Pattern.matches(v, filter.value())));
    };
  }

  private static String describe(TagFilter filter) {
    return switch (filter.type()) {
      case KEY_AND_VALUE -> filter.key() + "=" + filter.value();
      case KEY_ONLY -> filter.key() + " (any value)";
      case VALUE_ONLY -> "(any key)=" + filter.value();
    };
  }
}
