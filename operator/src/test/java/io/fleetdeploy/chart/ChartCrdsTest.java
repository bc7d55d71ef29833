package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart installs the repository's CRDs, and its metadata follows the project. (CrdDriftTest
 * checks that helm/fleetdeploy/crds/ is a byte-for-byte copy of crds/.)
 */
class ChartCrdsTest {
  private static final Path REPOSITORY_CRDS = Helm.REPO_ROOT.resolve("crds");

  @Test
  void helmInstallsExactlyTheRepositoryCrds() throws IOException {
    RenderedManifests manifests = Helm.require().template("--include-crds");

    Map<String, CustomResourceDefinition> rendered = new TreeMap<>();
    manifests
        .all("CustomResourceDefinition", CustomResourceDefinition.class)
        .forEach(crd -> rendered.put(crd.getMetadata().getName(), crd));
    Map<String, CustomResourceDefinition> repository = new TreeMap<>();
    try (Stream<Path> files = Files.list(REPOSITORY_CRDS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        RenderedManifests.parse(Files.readString(file))
            .all("CustomResourceDefinition", CustomResourceDefinition.class)
            .forEach(crd -> repository.put(crd.getMetadata().getName(), crd));
      }
    }
    assertThat(repository)
        .containsOnlyKeys(
            "applications.fleetdeploy.io",
            "deploymentgroups.fleetdeploy.io",
            "deployments.fleetdeploy.io",
            "fleetpolicies.fleetdeploy.io");
    assertThat(rendered).isEqualTo(repository);
  }

  @Test
  void crdsAreNotTemplatedSoUpgradesNeverDeleteThem() {
    RenderedManifests manifests = Helm.require().template();

    assertThat(manifests.kinds()).doesNotContain("CustomResourceDefinition");
  }

  @Test
  void appVersionIsTheProjectVersion() throws IOException {
    Map<String, Object> chart = new Yaml().load(Files.readString(Helm.CHART.resolve("Chart.yaml")));

    assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "fleetdeploy");
    assertThat(chart.get("appVersion"))
        .as("helm/fleetdeploy/Chart.yaml appVersion must follow the version in pom.xml")
        .isEqualTo(PomXml.projectVersion());
  }
}
