package io.fleetdeploy.chart;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One verb on one resource of one API group: RBAC rules flattened, so that two sets of rules can be
 * compared exactly however they are grouped. {@code resourceNames} is empty when the rule is not
 * limited to named objects.
 */
record RbacGrant(String apiGroup, String resource, String verb, Set<String> resourceNames)
    implements Comparable<RbacGrant> {

  RbacGrant {
    resourceNames = Set.copyOf(resourceNames);
  }

  static RbacGrant of(String apiGroup, String resource, String verb) {
    return new RbacGrant(apiGroup, resource, verb, Set.of());
  }

  static Set<RbacGrant> grants(String apiGroup, List<String> resources, List<String> verbs) {
    return resources.stream()
        .flatMap(r -> verbs.stream().map(v -> of(apiGroup, r, v)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<RbacGrant> flatten(Collection<PolicyRule> rules) {
    Set<RbacGrant> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(new RbacGrant(group, resource, verb, Set.copyOf(rule.getResourceNames())));
          }
        }
      }
    }
    return grants;
  }

  RbacGrant withoutNames() {
    return of(apiGroup, resource, verb);
  }

  @Override
  public int compareTo(RbacGrant other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return (apiGroup.isEmpty() ? "core" : apiGroup)
        + "/"
        + resource
        + ":"
        + verb
        + (resourceNames.isEmpty() ? "" : new TreeSet<>(resourceNames).toString());
  }
}
