package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the rendered RBAC lets one service account do, and where: the grants of every role bound to
 * it, keyed by namespace, or by {@value #CLUSTER} for ClusterRoleBindings.
 */
final class RbacBindings {
  static final String CLUSTER = "<cluster>";

  private RbacBindings() {}

  static Map<String, Set<RbacGrant>> effectiveGrants(
      RenderedManifests manifests, String serviceAccount, String namespace) {
    Map<String, Set<RbacGrant>> grants = new TreeMap<>();
    for (ClusterRoleBinding binding :
        manifests.all("ClusterRoleBinding", ClusterRoleBinding.class)) {
      assertSubjects(
          binding.getMetadata().getName(), binding.getSubjects(), serviceAccount, namespace);
      grants
          .computeIfAbsent(CLUSTER, k -> new TreeSet<>())
          .addAll(RbacGrant.flatten(rules(manifests, binding.getRoleRef(), null)));
    }
    for (RoleBinding binding : manifests.all("RoleBinding", RoleBinding.class)) {
      assertSubjects(
          binding.getMetadata().getName(), binding.getSubjects(), serviceAccount, namespace);
      grants
          .computeIfAbsent(binding.getMetadata().getNamespace(), k -> new TreeSet<>())
          .addAll(
              RbacGrant.flatten(
                  rules(manifests, binding.getRoleRef(), binding.getMetadata().getNamespace())));
    }
    return grants;
  }

  /** Every rule of every rendered Role and ClusterRole, bound or not. */
  static Set<RbacGrant> allRenderedGrants(RenderedManifests manifests) {
    Set<RbacGrant> grants = new TreeSet<>();
    manifests
        .all("ClusterRole", ClusterRole.class)
        .forEach(r -> grants.addAll(RbacGrant.flatten(r.getRules())));
    manifests.all("Role", Role.class).forEach(r -> grants.addAll(RbacGrant.flatten(r.getRules())));
    return grants;
  }

  private static void assertSubjects(
      String binding, List<Subject> subjects, String serviceAccount, String namespace) {
    assertThat(subjects)
        .as("subjects of binding %s", binding)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(serviceAccount);
              assertThat(s.getNamespace()).isEqualTo(namespace);
            });
  }

  private static List<PolicyRule> rules(
      RenderedManifests manifests, RoleRef ref, String bindingNamespace) {
    assertThat(ref.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    Optional<List<PolicyRule>> rules =
        switch (ref.getKind()) {
          case "ClusterRole" ->
              manifests.all("ClusterRole", ClusterRole.class).stream()
                  .filter(r -> r.getMetadata().getName().equals(ref.getName()))
                  .findFirst()
                  .map(ClusterRole::getRules);
          case "Role" ->
              manifests.all("Role", Role.class).stream()
                  .filter(
                      r ->
                          r.getMetadata().getName().equals(ref.getName())
                              && r.getMetadata().getNamespace().equals(bindingNamespace))
                  .findFirst()
                  .map(Role::getRules);
          default -> throw new AssertionError("roleRef of unknown kind " + ref.getKind());
        };
    return rules.orElseThrow(
        () ->
            new AssertionError(
                "a binding refers to "
                    + ref.getKind()
                    + " "
                    + ref.getName()
                    + " that the chart does not render"
                    + (bindingNamespace == null ? "" : " in namespace " + bindingNamespace)));
  }
}
