package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rendered object uses only fields its Kubernetes kind defines (no typos that the API server
 * would drop).
 */
class ChartSchemaTest {
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Deployment", Deployment.class,
          "Service", Service.class,
          "ServiceAccount", ServiceAccount.class,
          "ClusterRole", ClusterRole.class,
          "ClusterRoleBinding", ClusterRoleBinding.class,
          "Role", Role.class,
          "RoleBinding", RoleBinding.class,
          "NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
          "Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class);

  static Stream<Arguments> variants() {
    return Stream.of(
        Arguments.of("defaults", List.of()),
        Arguments.of(
            "everything set",
            List.of(
                "--set",
                "rbac.clusterWide=false",
                "--set",
                "watchNamespaces={team-a,team-b}",
                "--set",
                "metrics.serviceMonitor.enabled=true",
                "--set",
                "aws.endpoint=http://localhost:4566",
                "--set",
                "imagePullSecrets[0].name=registry",
                "--set",
                "priorityClassName=system-cluster-critical",
                "--set",
                "podAnnotations.a=b",
                "--set",
                "metrics.service.annotations.c=d",
                "--set",
                "ui.actions.enabled=true",
                "--set",
                "ui.ingress.enabled=true",
                "--set",
                "ui.ingress.host=fleetdeploy.example.com",
                "--set",
                "ui.ingress.className=nginx",
                "--set",
                "ui.ingress.tls[0].secretName=fd-tls",
                "--set",
                "nodeSelector.kubernetes\\.io/os=linux",
                "--set",
                "tolerations[0].key=dedicated",
                "--set",
                "tolerations[0].operator=Exists",
                "--set-string",
                "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::111122223333:role/fd")),
        Arguments.of("no leader election", List.of("--set", "leaderElection.enabled=false")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void renderedObjectsHaveNoUnknownFields(String name, List<String> args) {
    RenderedManifests manifests = Helm.require().template(args.toArray(String[]::new));

    assertThat(KINDS.keySet())
        .containsAll(manifests.kinds().stream().filter(k -> !k.equals("ServiceMonitor")).toList());
    KINDS.forEach(
        (kind, type) ->
            assertThat(manifests.all(kind, type))
                .allSatisfy(
                    object ->
                        assertThat(UnknownFields.of(object))
                            .as("%s %s", kind, object.getMetadata().getName())
                            .isEmpty()));
  }

  @Test
  void aMisspeltFieldIsFound() {
    RenderedManifests manifests =
        RenderedManifests.parse(
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: x}
        spec:
          template:
            spec:
              containers:
                - name: operator
                  startupProbes: {}
        """);

    assertThat(UnknownFields.of(manifests.only("Deployment", Deployment.class)))
        .containsExactly("Deployment.spec.template.spec.containers[0]: [startupProbes]");
  }
}
