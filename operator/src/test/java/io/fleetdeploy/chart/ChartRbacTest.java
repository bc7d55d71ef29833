package io.fleetdeploy.chart;

import static io.fleetdeploy.chart.RbacBindings.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's RBAC is least privilege, exactly: what the operator's service account may do, and in
 * which namespaces, equals the expected grants, with nothing extra and nothing unbound.
 */
class ChartRbacTest {
  private static final List<String> KINDS =
      List.of("applications", "deploymentgroups", "deployments");
  private static final String SERVICE_ACCOUNT = "fleetdeploy";
  private static final String LEASE = "fleetdeploy-operator";

  /** What the reconcilers need in each watched namespace. */
  static final Set<RbacGrant> RECONCILE =
      union(
          RbacGrant.grants(
              "fleetdeploy.io",
              KINDS,
              List.of("get", "list", "watch", "create", "update", "patch", "delete")),
          RbacGrant.grants(
              "fleetdeploy.io", suffixed("/status"), List.of("get", "update", "patch")),
          RbacGrant.grants("fleetdeploy.io", suffixed("/finalizers"), List.of("update")),
          RbacGrant.grants("", List.of("events"), List.of("create", "patch")),
          RbacGrant.grants("events.k8s.io", List.of("events"), List.of("create", "patch")));

  /** Leader election, in the release namespace: create any Lease, read and renew only ours. */
  static final Set<RbacGrant> LEASES =
      Set.of(
          RbacGrant.of("coordination.k8s.io", "leases", "create"),
          RbacGrant.of("coordination.k8s.io", "leases", "list"),
          new RbacGrant("coordination.k8s.io", "leases", "get", Set.of(LEASE)),
          new RbacGrant("coordination.k8s.io", "leases", "update", Set.of(LEASE)));

  /** FleetPolicies are cluster-scoped: read in every mode. */
  static final Set<RbacGrant> POLICIES =
      RbacGrant.grants("fleetdeploy.io", List.of("fleetpolicies"), List.of("get", "list", "watch"));

  /** The leader elector's access check before it campaigns (cluster-scoped). */
  static final Set<RbacGrant> ACCESS_CHECK =
      Set.of(RbacGrant.of("authorization.k8s.io", "selfsubjectrulesreviews", "create"));

  @Test
  void clusterWideByDefault() {
    RenderedManifests manifests = Helm.require().template();

    assertThat(RbacBindings.effectiveGrants(manifests, SERVICE_ACCOUNT, Helm.NAMESPACE))
        .isEqualTo(
            Map.of(CLUSTER, union(RECONCILE, ACCESS_CHECK, POLICIES), Helm.NAMESPACE, LEASES));
    assertThat(manifests.all("Role", Role.class))
        .as("only the leader-election Role")
        .singleElement()
        .satisfies(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE));
  }

  @Test
  void namespacedRolesGoIntoEachWatchedNamespaceAndTheLeaseIntoTheReleaseNamespace() {
    RenderedManifests manifests =
        Helm.require()
            .template(
                "--set", "rbac.clusterWide=false", "--set", "watchNamespaces={team-a,team-b}");

    assertThat(RbacBindings.effectiveGrants(manifests, SERVICE_ACCOUNT, Helm.NAMESPACE))
        .isEqualTo(
            Map.of(
                CLUSTER,
                union(ACCESS_CHECK, POLICIES),
                "team-a",
                RECONCILE,
                "team-b",
                RECONCILE,
                Helm.NAMESPACE,
                LEASES));
    assertThat(manifests.all("ClusterRole", ClusterRole.class))
        .as("no cluster-wide access to fleetdeploy resources or events, but reading FleetPolicies")
        .allSatisfy(r -> assertThat(RbacGrant.flatten(r.getRules())).isIn(ACCESS_CHECK, POLICIES));
    assertThat(env(manifests, "FLEETDEPLOY_NAMESPACES"))
        .as("the operator watches exactly the namespaces it has Roles in")
        .isEqualTo("team-a,team-b");
  }

  @Test
  void withoutLeaderElectionThereIsNoLeaseAccess() {
    RenderedManifests manifests = Helm.require().template("--set", "leaderElection.enabled=false");

    assertThat(RbacBindings.effectiveGrants(manifests, SERVICE_ACCOUNT, Helm.NAMESPACE))
        .isEqualTo(Map.of(CLUSTER, union(RECONCILE, POLICIES)));
    assertThat(env(manifests, "FLEETDEPLOY_LEADER_ELECTION")).isEqualTo("false");
  }

  @Test
  void theLeaseTheOperatorTakesIsTheOneItMayRenew() {
    RenderedManifests manifests =
        Helm.require().template("--set", "leaderElection.leaseName=payments-fleetdeploy");

    assertThat(env(manifests, "FLEETDEPLOY_LEASE_NAME")).isEqualTo("payments-fleetdeploy");
    assertThat(
            RbacBindings.effectiveGrants(manifests, SERVICE_ACCOUNT, Helm.NAMESPACE)
                .get(Helm.NAMESPACE))
        .filteredOn(g -> !g.verb().equals("create") && !g.verb().equals("list"))
        .extracting(RbacGrant::resourceNames)
        .containsOnly(Set.of("payments-fleetdeploy"));
  }

  @Test
  void rbacCanBeLeftToTheUser() {
    RenderedManifests manifests = Helm.require().template("--set", "rbac.create=false");

    assertThat(manifests.kinds())
        .doesNotContain("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
  }

  @Test
  void bindingsNameTheServiceAccountThePodRunsAs() {
    RenderedManifests manifests =
        Helm.require()
            .template(
                "--set",
                "serviceAccount.create=false",
                "--set",
                "serviceAccount.name=platform-fleetdeploy");

    assertThat(manifests.kinds()).doesNotContain("ServiceAccount");
    assertThat(
            manifests
                .only("Deployment", Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getServiceAccountName())
        .isEqualTo("platform-fleetdeploy");
    assertThat(RbacBindings.effectiveGrants(manifests, "platform-fleetdeploy", Helm.NAMESPACE))
        .isEqualTo(
            Map.of(CLUSTER, union(RECONCILE, ACCESS_CHECK, POLICIES), Helm.NAMESPACE, LEASES));
  }

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("defaults", List.of()),
        Arguments.of(
            "namespaced",
            List.of("--set", "rbac.clusterWide=false", "--set", "watchNamespaces={team-a,team-b}")),
        Arguments.of(
            "cluster-wide watching two namespaces",
            List.of("--set", "watchNamespaces={team-a,team-b}")),
        Arguments.of("no leader election", List.of("--set", "leaderElection.enabled=false")),
        Arguments.of(
            "dashboard actions, namespaced",
            List.of(
                "--set",
                "ui.actions.enabled=true",
                "--set",
                "rbac.clusterWide=false",
                "--set",
                "watchNamespaces={team-a}")),
        Arguments.of(
            "everything on",
            List.of(
                "--set",
                "metrics.serviceMonitor.enabled=true",
                "--set",
                "replicas=2",
                "--set-string",
                "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::111122223333:role/fd")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void noWildcardsNoSecretsNothingUnbound(String name, List<String> args) {
    RenderedManifests manifests = Helm.require().template(args.toArray(String[]::new));

    List<PolicyRule> rules =
        Stream.concat(
                manifests.all("ClusterRole", ClusterRole.class).stream()
                    .flatMap(r -> r.getRules().stream()),
                manifests.all("Role", Role.class).stream().flatMap(r -> r.getRules().stream()))
            .toList();
    assertThat(rules)
        .isNotEmpty()
        .allSatisfy(
            rule -> {
              assertThat(rule.getApiGroups()).doesNotContain("*");
              assertThat(rule.getResources())
                  .doesNotContain("*")
                  .noneMatch(r -> r.startsWith("secrets"));
              assertThat(rule.getVerbs()).doesNotContain("*");
              assertThat(rule.getNonResourceURLs()).isEmpty();
            });
    assertThat(manifests.kinds()).doesNotContain("Secret");
    Set<RbacGrant> bound = new TreeSet<>();
    RbacBindings.effectiveGrants(manifests, serviceAccount(manifests), Helm.NAMESPACE)
        .values()
        .forEach(bound::addAll);
    assertThat(bound)
        .as("every rendered rule is bound to the operator's service account")
        .isEqualTo(RbacBindings.allRenderedGrants(manifests));
  }

  @org.junit.jupiter.api.Test
  void webhookSecretsAreReadableByNameOnlyAndOnlyWhenListed() {
    for (List<String> args :
        List.of(
            List.of("--set", "rbac.webhookSecrets={hook-url,chat-hook}"),
            List.of(
                "--set",
                "rbac.clusterWide=false",
                "--set",
                "watchNamespaces={team-a}",
                "--set",
                "rbac.webhookSecrets={hook-url,chat-hook}"))) {
      RenderedManifests manifests = Helm.require().template(args.toArray(String[]::new));
      List<PolicyRule> secretRules =
          Stream.concat(
                  manifests.all("ClusterRole", ClusterRole.class).stream()
                      .flatMap(r -> r.getRules().stream()),
                  manifests.all("Role", Role.class).stream().flatMap(r -> r.getRules().stream()))
              .filter(r -> r.getResources().contains("secrets"))
              .toList();
      assertThat(secretRules)
          .as("%s", args)
          .hasSize(1)
          .allSatisfy(
              r -> {
                assertThat(r.getResources()).containsExactly("secrets");
                assertThat(r.getVerbs()).containsExactly("get");
                assertThat(r.getResourceNames()).containsExactly("hook-url", "chat-hook");
              });
    }
  }

  private static String serviceAccount(RenderedManifests manifests) {
    return manifests
        .only("Deployment", Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getServiceAccountName();
  }

  private static String env(RenderedManifests manifests, String name) {
    return manifests
        .only("Deployment", Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  private static List<String> suffixed(String suffix) {
    return KINDS.stream().map(k -> k + suffix).toList();
  }

  @SafeVarargs
  private static Set<RbacGrant> union(Set<RbacGrant>... sets) {
    Set<RbacGrant> all = new TreeSet<>();
    for (Set<RbacGrant> set : sets) {
      all.addAll(set);
    }
    return all;
  }
}
