package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helm lint --strict} passes (no errors, no warnings) with the defaults and the main
 * variations.
 */
class ChartLintTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("defaults", List.of()),
        Arguments.of(
            "namespaced",
            List.of("--set", "rbac.clusterWide=false", "--set", "watchNamespaces={team-a,team-b}")),
        Arguments.of("serviceMonitor", List.of("--set", "metrics.serviceMonitor.enabled=true")),
        Arguments.of(
            "IRSA",
            List.of(
                "--set-string",
                "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::111122223333:role/fd")),
        Arguments.of("digest", List.of("--set", "image.digest=sha256:" + "ab".repeat(32))),
        Arguments.of("no leader election", List.of("--set", "leaderElection.enabled=false")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void lintIsClean(String name, List<String> valueArgs) {
    Helm helm = Helm.require();
    for (boolean strict : new boolean[] {false, true}) {
      List<String> args =
          new ArrayList<>(List.of("lint", Helm.CHART.toString(), "--namespace", Helm.NAMESPACE));
      if (strict) {
        args.add("--strict");
      }
      args.addAll(valueArgs);

      Helm.Result result = helm.run(args.toArray(String[]::new));

      assertThat(result.exitCode()).as("%s", result).isZero();
      assertThat(result.stdout())
          .as("%s", result)
          .contains("1 chart(s) linted, 0 chart(s) failed")
          .doesNotContain("[ERROR]", "[WARNING]");
    }
  }
}
