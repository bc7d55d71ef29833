package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Wrong values stop the install with a message that names them, not with broken manifests. */
class ChartValuesValidationTest {

  static Stream<Arguments> wrongValues() {
    return Stream.of(
        Arguments.of(
            List.of("--set", "rbac.clusterWide=false"),
            List.of("rbac.clusterWide=false", "watchNamespaces")),
        Arguments.of(
            List.of("--set", "replicas=2", "--set", "leaderElection.enabled=false"),
            List.of("replicas=2", "leaderElection.enabled=true")),
        Arguments.of(
            List.of(
                "--set",
                "metrics.serviceMonitor.enabled=true",
                "--set",
                "metrics.service.enabled=false"),
            List.of("metrics.serviceMonitor.enabled=true", "metrics.service.enabled=true")),
        Arguments.of(
            List.of("--set", "serviceAccount.create=false"),
            List.of("serviceAccount.name", "serviceAccount.create is false")),
        Arguments.of(List.of("--set", "logFormat=xml"), List.of("logFormat", "json")),
        Arguments.of(List.of("--set", "image.digest=latest"), List.of("digest")),
        Arguments.of(List.of("--set", "watchNamespaces={Team_A}"), List.of("watchNamespaces")),
        Arguments.of(List.of("--set", "aws.region=Ireland"), List.of("region")),
        Arguments.of(List.of("--set", "aws.endpoint=localhost:4566"), List.of("endpoint")),
        Arguments.of(List.of("--set", "watchNamespace=team-a"), List.of("watchNamespace")),
        Arguments.of(List.of("--set", "replicas=two"), List.of("replicas")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongValues")
  void rejectedWithAMessageNamingTheValue(List<String> args, List<String> messageParts) {
    Helm.Result result = Helm.require().templateResult(args.toArray(String[]::new));

    assertThat(result.exitCode()).as("%s", result).isNotZero();
    assertThat(result.stdout()).as("nothing is rendered").doesNotContain("kind: Deployment");
    assertThat(result.stderr()).contains(messageParts).doesNotContain("goroutine", "panic:");
  }
}
