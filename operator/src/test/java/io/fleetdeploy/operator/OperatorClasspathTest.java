package io.fleetdeploy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.chart.PomXml;
import io.fleetdeploy.cli.FleetdeployCommand;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's jar and the {@code lib/} beside it (what the image holds) are the operator only:
 * the demo, the benchmark, the embedded API server and the AWS simulator live in devtools/ and
 * reach the operator's tests at test scope, never its runtime classpath.
 */
class OperatorClasspathTest {
  /**
   * Written by the build (maven-dependency-plugin list, generate-test-resources) with the scope
   * lib/ is copied with.
   */
  private static final Path RUNTIME_DEPENDENCIES = Path.of("target", "runtime-dependencies.txt");

  private static final Pattern COORDINATES = Pattern.compile("(?m)^\\s+([\\w.-]+):([\\w.-]+):\\S+");
  private static final String DEPENDENCY_EXECUTIONS =
      "/project/build/plugins/plugin[artifactId='maven-dependency-plugin']"
          + "/executions/execution";

  @Test
  void runtimeDependenciesHaveNoSimulatorApiServerMockServerNorTestLibrary() throws IOException {
    assertThat(RUNTIME_DEPENDENCIES)
        .as("the build writes it before the tests; run them through Maven")
        .exists();
    List<String> dependencies = coordinates(Files.readString(RUNTIME_DEPENDENCIES));

    assertThat(dependencies)
        .as("what the operator runs on")
        .contains(
            "io.javaoperatorsdk:operator-framework",
            "software.amazon.awssdk:ssm",
            "info.picocli:picocli");
    assertThat(dependencies)
        .as("the operator's runtime dependencies (the lib/ of its jar and image)")
        .noneMatch(d -> d.startsWith("io.fleetdeploy:"))
        .doesNotContain("io.fabric8:kubernetes-server-mock", "io.fabric8:mockwebserver")
        .noneMatch(
            d ->
                d.startsWith("org.junit")
                    || d.startsWith("org.testcontainers")
                    || d.startsWith("org.assertj"));
  }

  @Test
  void theListedDependenciesAreTheOnesCopiedBesideTheJar() {
    Path pom = Path.of("pom.xml");
    String copied =
        PomXml.value(
            pom,
            DEPENDENCY_EXECUTIONS + "[id='copy-runtime-dependencies']/configuration/includeScope");
    String listed =
        PomXml.value(
            pom,
            DEPENDENCY_EXECUTIONS + "[id='list-runtime-dependencies']/configuration/includeScope");
    String listFile =
        PomXml.value(
            pom,
            DEPENDENCY_EXECUTIONS + "[id='list-runtime-dependencies']/configuration/outputFile");

    assertThat(listed).isEqualTo(copied).isEqualTo("runtime");
    assertThat(listFile)
        .isEqualTo("${project.build.directory}/" + RUNTIME_DEPENDENCIES.getFileName());
  }

  @Test
  void classesHaveNoDemoBenchEmbeddedServerNorSimulator() throws IOException, URISyntaxException {
    Path classes =
        Path.of(
            FleetdeployCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes).as("the operator's main classes").isDirectory();
    List<String> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile).map(p -> classes.relativize(p).toString()).toList();
    }

    assertThat(files).contains("io/fleetdeploy/operator/FleetdeployOperator.class");
    assertThat(files)
        .as("the operator's classes")
        .noneMatch(
            f ->
                f.startsWith("io/fleetdeploy/demo/")
                    || f.startsWith("io/fleetdeploy/bench/")
                    || f.startsWith("io/fleetdeploy/embedded/")
                    || f.startsWith("io/fleetdeploy/simulator/"))
        .doesNotContain(
            "io/fleetdeploy/cli/DemoCommand.class", "io/fleetdeploy/cli/BenchCommand.class");
    assertThat(FleetdeployCommand.commandLine().getSubcommands())
        .containsKeys("run", "appspec", "local")
        .doesNotContainKeys("demo", "bench");
  }

  private static List<String> coordinates(String listing) {
    Matcher m = COORDINATES.matcher(listing);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1) + ":" + m.group(2));
    }
    return found;
  }
}
