package io.fleetdeploy.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs committed under crds/, and their copies in the Helm chart (helm/fleetdeploy/crds/), are
 * exactly what the build generates from the Java types. To refresh both after changing the API:
 * {@code mvn -B -pl operator -am test -Dtest=CrdDriftTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfleetdeploy.refreshCrds=true}.
 */
class CrdDriftTest {
  static final String REFRESH =
      "mvn -B -pl operator -am test -Dtest=CrdDriftTest -Dsurefire.failIfNoSpecifiedTests=false -Dfleetdeploy.refreshCrds=true";
  static final Path CHART_DIR = Path.of("..", "helm", "fleetdeploy", "crds");

  @ParameterizedTest
  @ValueSource(strings = {"applications", "deploymentgroups", "deployments", "fleetpolicies"})
  void committedCrdIsTheGeneratedOne(String plural) throws IOException {
    var generated = GeneratedCrds.generated(plural);
    var committed = GeneratedCrds.committed(plural);
    refreshIfAsked(generated, committed);
    assertSameContent(generated, committed, "crds/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"applications", "deploymentgroups", "deployments", "fleetpolicies"})
  void chartCrdIsTheGeneratedOne(String plural) throws IOException {
    var generated = GeneratedCrds.generated(plural);
    var chartCopy = CHART_DIR.resolve(GeneratedCrds.committed(plural).getFileName());
    refreshIfAsked(generated, chartCopy);
    assertSameContent(generated, chartCopy, "helm/fleetdeploy/crds/");
  }

  @Test
  void chartCarriesNoOtherCrds() throws IOException {
    assertThat(fileNames(CHART_DIR))
        .as(
            "helm/fleetdeploy/crds/ holds exactly the files of crds/ (helm would install any other)")
        .isEqualTo(fileNames(GeneratedCrds.COMMITTED_DIR));
  }

  private static void refreshIfAsked(Path generated, Path copy) throws IOException {
    if (Boolean.getBoolean("fleetdeploy.refreshCrds")) {
      Files.createDirectories(copy.getParent());
      Files.copy(generated, copy, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void assertSameContent(Path generated, Path copy, String where)
      throws IOException {
    assertThat(copy)
        .as("%s%s is missing; create it with: %s", where, copy.getFileName(), REFRESH)
        .exists();
    assertThat(Files.readString(copy))
        .as(
            "%s%s differs from the CRD generated from the Java types; refresh it with: %s",
            where, copy.getFileName(), REFRESH)
        .isEqualTo(Files.readString(generated));
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
