package io.fleetdeploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.testing.RepositoryDocs;
import io.fleetdeploy.testing.ShellWords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * values.schema.json, values.yaml and docs/helm.md describe the same values: a value added to one
 * and forgotten in another fails here. The helm commands the documents quote render, and one that
 * installs uses the image its document built.
 */
class ChartDocsTest {

  @Test
  void everyValueOfTheSchemaHasADefaultAndADocumentedRow() throws IOException {
    Map<String, Object> schema =
        new Yaml().load(Files.readString(Helm.CHART.resolve("values.schema.json")));
    Map<String, Object> values =
        new Yaml().load(Files.readString(Helm.CHART.resolve("values.yaml")));
    String docs = Files.readString(Helm.REPO_ROOT.resolve("docs").resolve("helm.md"));

    List<String> leaves = new ArrayList<>();
    collectLeaves(schema, "", leaves);
    leaves.remove("global"); // set by parent charts, not by this one

    assertThat(leaves)
        .contains("image.digest", "rbac.clusterWide", "metrics.serviceMonitor.enabled");
    assertThat(leaves)
        .allSatisfy(
            path -> {
              assertThat(hasPath(values, path))
                  .as("values.yaml has a default for %s", path)
                  .isTrue();
              assertThat(docs).as("docs/helm.md documents %s", path).contains("`" + path + "`");
            });
  }

  @Test
  void everyQuotedHelmCommandRendersAndInstallsTheImageItsDocumentBuilt() {
    int rendered = 0;
    for (RepositoryDocs.Quoted quoted : RepositoryDocs.commands()) {
      for (List<String> command : ShellWords.commands(quoted.text())) {
        if (command.size() < 4
            || !command.get(0).equals("helm")
            || !List.of("install", "upgrade", "template").contains(command.get(1))
            || !command.contains("helm/fleetdeploy")) {
          continue;
        }
        Helm.Result result =
            Helm.require().templateResult(valueArguments(command).toArray(String[]::new));
        assertThat(result.ok()).as("%s\n%s", quoted, result).isTrue();
        rendered++;
        Optional<String> built = builtImage(quoted.document());
        // "helm upgrade --reuse-values" keeps the image of the install before it.
        if (built.isPresent() && command.get(1).equals("install")) {
          assertThat(
                  ChartWorkloadTest.operator(
                          ChartWorkloadTest.pod(RenderedManifests.parse(result.stdout())))
                      .getImage())
              .as(
                  "the image %s builds, in %s",
                  RepositoryDocs.ROOT.relativize(quoted.document()), quoted)
              .isEqualTo(built.get());
        }
      }
    }
    assertThat(rendered).as("helm commands found in the documents").isGreaterThanOrEqualTo(4);
  }

  /**
   * The value arguments of a quoted helm command ({@code --set}, {@code --set-string}, {@code -f},
   * ...).
   */
  private static List<String> valueArguments(List<String> command) {
    List<String> args = new ArrayList<>();
    for (int i = 2; i < command.size(); i++) {
      String word = command.get(i);
      if (List.of("--set", "--set-string", "--set-json", "--set-file", "-f", "--values")
              .contains(word)
          && i + 1 < command.size()) {
        args.add(word);
        args.add(command.get(++i));
      } else if (word.matches("--(set|set-string|set-json|set-file|values)=.*")) {
        args.add(word);
      }
    }
    return args;
  }

  /** The image a document builds ({@code docker build -t NAME .}), if it builds one. */
  private static Optional<String> builtImage(Path document) {
    for (RepositoryDocs.Quoted quoted : RepositoryDocs.commands()) {
      if (!quoted.document().equals(document)) {
        continue;
      }
      for (List<String> command : ShellWords.commands(quoted.text())) {
        int tag = command.indexOf("-t");
        if (command.size() > 2
            && command.get(0).equals("docker")
            && command.get(1).equals("build")
            && tag > 0
            && tag + 1 < command.size()) {
          return Optional.of(command.get(tag + 1));
        }
      }
    }
    return Optional.empty();
  }

  /** Paths whose schema has no nested properties: the values a user sets as a whole. */
  @SuppressWarnings("unchecked")
  private static void collectLeaves(Map<String, Object> node, String path, List<String> leaves) {
    Object properties = node.get("properties");
    if (!(properties instanceof Map)) {
      leaves.add(path);
      return;
    }
    ((Map<String, Object>) properties)
        .forEach(
            (name, child) ->
                collectLeaves(
                    (Map<String, Object>) child,
                    path.isEmpty() ? name : path + "." + name,
                    leaves));
  }

  @SuppressWarnings("unchecked")
  private static boolean hasPath(Map<String, Object> values, String path) {
    Object node = values;
    for (String key : path.split("\\.")) {
      if (!(node instanceof Map) || !((Map<String, Object>) node).containsKey(key)) {
        return false;
      }
      node = ((Map<String, Object>) node).get(key);
    }
    return true;
  }
}
