package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metrics Service reaches the operator's /metrics; the ServiceMonitor exists only on request.
 */
class ChartMetricsTest {

  @Test
  void metricsServiceTargetsTheOperatorsHttpPort() {
    RenderedManifests manifests = Helm.require().template();

    Service service = metricsService(manifests);
    Deployment deployment = manifests.only("Deployment", Deployment.class);
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .as("the Service selects the operator's pods")
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("http-metrics");
              assertThat(port.getPort()).isEqualTo(8080);
              assertThat(port.getTargetPort().getStrVal())
                  .isEqualTo(
                      deployment
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getContainers()
                          .get(0)
                          .getPorts()
                          .get(0)
                          .getName());
            });
    assertThat(manifests.kinds()).doesNotContain("ServiceMonitor");
  }

  @Test
  void serviceMonitorScrapesTheMetricsService() {
    RenderedManifests manifests =
        Helm.require()
            .template(
                "--set", "metrics.serviceMonitor.enabled=true",
                "--set", "metrics.serviceMonitor.labels.release=kube-prometheus-stack",
                "--set", "metrics.serviceMonitor.interval=15s");

    Service service = metricsService(manifests);
    GenericKubernetesResource monitor =
        manifests.only("ServiceMonitor", GenericKubernetesResource.class);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    Map<String, Object> spec = monitor.get("spec");
    assertThat(service.getMetadata().getLabels())
        .as("the ServiceMonitor selects the metrics Service")
        .containsAllEntriesOf(monitor.get("spec", "selector", "matchLabels"));
    assertThat(monitor.<List<String>>get("spec", "namespaceSelector", "matchNames"))
        .containsExactly(Helm.NAMESPACE);
    assertThat((List<?>) spec.get("endpoints"))
        .singleElement()
        .isEqualTo(
            Map.of(
                "port", service.getSpec().getPorts().get(0).getName(),
                "path", "/metrics",
                "interval", "15s",
                "scrapeTimeout", "10s"));
  }

  @Test
  void metricsServiceCanBeTurnedOff() {
    RenderedManifests manifests = Helm.require().template("--set", "metrics.service.enabled=false");

    assertThat(manifests.all("Service", Service.class))
        .noneMatch(s -> s.getMetadata().getName().endsWith("-metrics"));
    assertThat(manifests.kinds()).doesNotContain("ServiceMonitor");
  }

  /** The metrics Service (the dashboard has a Service of its own). */
  static Service metricsService(RenderedManifests manifests) {
    return manifests.all("Service", Service.class).stream()
        .filter(
            s -> "metrics".equals(s.getMetadata().getLabels().get("app.kubernetes.io/component")))
        .reduce(
            (a, b) -> {
              throw new AssertionError("two metrics Services");
            })
        .orElseThrow(() -> new AssertionError("no metrics Service"));
  }
}
