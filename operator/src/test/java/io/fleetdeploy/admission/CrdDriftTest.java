package io.fleetdeploy.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRDs committed under crds/ are exactly what the build generates from the Java types. To
 * refresh them after changing the API: {@code mvn -B -pl operator test -Dtest=CrdDriftTest
 * -Dfleetdeploy.refreshCrds=true}.
 */
class CrdDriftTest {
  static final String REFRESH = "mvn -B -pl operator test -Dtest=CrdDriftTest -Dfleetdeploy.refreshCrds=true";

  @ParameterizedTest
  @ValueSource(strings = {"applications", "deploymentgroups", "deployments"})
  void committedCrdIsTheGeneratedOne(String plural) throws IOException {
    var generated = GeneratedCrds.generated(plural);
    var committed = GeneratedCrds.committed(plural);
    if (Boolean.getBoolean("fleetdeploy.refreshCrds")) {
      Files.createDirectories(committed.getParent());
      Files.copy(generated, committed, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(committed).as("crds/%s is missing; create it with: %s", committed.getFileName(), REFRESH).exists();
    assertThat(Files.readString(committed))
        .as("crds/%s differs from the CRD generated from the Java types; refresh it with: %s",
            committed.getFileName(), REFRESH)
        .isEqualTo(Files.readString(generated));
  }
}
