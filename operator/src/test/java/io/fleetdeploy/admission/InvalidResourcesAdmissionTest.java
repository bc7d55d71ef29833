package io.fleetdeploy.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every resource in admission/invalid-resources.yaml is refused, with its path and message. */
class InvalidResourcesAdmissionTest {
  private static final Map<String, CrdAdmission> CRDS = AdmissionCases.crdsByKind();
  private static final List<AdmissionCases.Case> CASES =
      AdmissionCases.load("admission/invalid-resources.yaml").cases();

  static Stream<AdmissionCases.Case> cases() {
    return CASES.stream();
  }

  @Test
  void theTableIsLargeEnoughToMeanSomething() {
    assertThat(CASES).hasSizeGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedWithItsMessage(AdmissionCases.Case c) {
    List<String> errors = CRDS.get(c.object().path("kind").asText()).admit(c.object());
    assertThat(errors)
        .as("errors for %s", c.name())
        .anySatisfy(e -> assertThat(e).startsWith(c.path() + ": ").contains(c.expect()));
  }
}
