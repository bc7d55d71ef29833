package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboard: on by default behind a Service of its own, read-only; an Ingress on request; and
 * with actions, the flag, the trusted header and the one extra grant they need
 * (SubjectAccessReviews), in both RBAC modes.
 */
class ChartDashboardTest {
  private static final String SERVICE_ACCOUNT = "fleetdeploy";

  private static Service uiService(RenderedManifests manifests) {
    return manifests.all("Service", Service.class).stream()
        .filter(
            s -> "dashboard".equals(s.getMetadata().getLabels().get("app.kubernetes.io/component")))
        .findFirst()
        .orElse(null);
  }

  private static Map<String, String> env(Container operator) {
    return operator.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void onByDefaultReadOnlyBehindItsOwnService() {
    RenderedManifests manifests = Helm.require().template();
    Container operator = ChartWorkloadTest.operator(ChartWorkloadTest.pod(manifests));

    assertThat(env(operator))
        .containsEntry("FLEETDEPLOY_UI", "true")
        .containsEntry("FLEETDEPLOY_UI_PORT", "8081")
        .containsEntry("FLEETDEPLOY_UI_ACTIONS", "false")
        .doesNotContainKey("FLEETDEPLOY_UI_USER_HEADER");
    assertThat(operator.getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getName()).isEqualTo("ui");
              assertThat(p.getContainerPort()).isEqualTo(8081);
            });
    Service service = uiService(manifests);
    assertThat(service).isNotNull();
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(8081);
              assertThat(p.getTargetPort().getStrVal()).isEqualTo("ui");
            });
    assertThat(manifests.kinds()).doesNotContain("Ingress");
    assertThat(
            RbacGrant.flatten(
                manifests
                    .all("ClusterRole", io.fabric8.kubernetes.api.model.rbac.ClusterRole.class)
                    .stream()
                    .flatMap(r -> r.getRules().stream())
                    .toList()))
        .as("read-only: no SubjectAccessReviews")
        .doesNotContain(RbacGrant.of("authorization.k8s.io", "subjectaccessreviews", "create"));
  }

  @Test
  void turnedOffThereIsNoPortNoServiceAndTheOperatorIsTold() {
    RenderedManifests manifests = Helm.require().template("--set", "ui.enabled=false");
    Container operator = ChartWorkloadTest.operator(ChartWorkloadTest.pod(manifests));

    assertThat(env(operator)).containsEntry("FLEETDEPLOY_UI", "false");
    assertThat(operator.getPorts()).noneMatch(p -> p.getName().equals("ui"));
    assertThat(uiService(manifests)).isNull();
  }

  @Test
  void anIngressRoutesToTheDashboardsService() {
    RenderedManifests manifests =
        Helm.require()
            .template(
                "--set", "ui.ingress.enabled=true",
                "--set", "ui.ingress.host=fleetdeploy.example.com",
                "--set", "ui.ingress.className=nginx",
                "--set", "ui.port=9091");

    Ingress ingress = manifests.only("Ingress", Ingress.class);
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    var rule = ingress.getSpec().getRules().get(0);
    assertThat(rule.getHost()).isEqualTo("fleetdeploy.example.com");
    var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
    Service service = uiService(manifests);
    assertThat(backend.getName()).isEqualTo(service.getMetadata().getName());
    assertThat(backend.getPort().getName())
        .isEqualTo(service.getSpec().getPorts().get(0).getName());
    assertThat(env(ChartWorkloadTest.operator(ChartWorkloadTest.pod(manifests))))
        .containsEntry("FLEETDEPLOY_UI_PORT", "9091");
  }

  @Test
  void actionsGetTheFlagTheHeadersAndSubjectAccessReviewsInBothRbacModes() {
    for (String clusterWide : new String[] {"true", "false"}) {
      RenderedManifests manifests =
          Helm.require()
              .template(
                  "--set", "ui.actions.enabled=true",
                  "--set", "ui.actions.userHeader=X-Auth-Request-User",
                  "--set", "rbac.clusterWide=" + clusterWide,
                  "--set", "watchNamespaces={team-a}");

      assertThat(env(ChartWorkloadTest.operator(ChartWorkloadTest.pod(manifests))))
          .containsEntry("FLEETDEPLOY_UI_ACTIONS", "true")
          .containsEntry("FLEETDEPLOY_UI_USER_HEADER", "X-Auth-Request-User")
          .containsEntry("FLEETDEPLOY_UI_GROUPS_HEADER", "X-Forwarded-Groups");
      Set<RbacGrant> cluster =
          RbacBindings.effectiveGrants(manifests, SERVICE_ACCOUNT, Helm.NAMESPACE)
              .get(RbacBindings.CLUSTER);
      assertThat(cluster)
          .as("clusterWide=%s", clusterWide)
          .contains(RbacGrant.of("authorization.k8s.io", "subjectaccessreviews", "create"));
    }
  }
}
