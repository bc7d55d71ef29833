package io.fleetdeploy.embedded;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * This module has no CRDs of its own: they are generated into the operator's classes. Without the
 * operator on the classpath the server does not start half-configured but says what is missing and
 * what to put beside it.
 */
class MissingCrdsTest {
  @Test
  void withoutTheOperatorOnTheClasspathStartingSaysWhichCrdIsMissingAndWhere() {
    assertThatThrownBy(() -> EmbeddedApiServer.start(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("META-INF/fabric8/applications.fleetdeploy.io-v1.yml")
        .hasMessageContaining("not on the classpath")
        .hasMessageContaining("fleetdeploy-operator");
  }
}
