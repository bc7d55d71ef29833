package io.fleetdeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo reads manifests like an API server with the CRDs' schema would, and says precisely what
 * is wrong.
 */
class ManifestReaderTest {
  @TempDir Path dir;
  private final ManifestReader reader = new ManifestReader();

  @Test
  void theSamplesAreReadInFileNameOrderAsTheirKinds() throws Exception {
    List<ManifestFile> files = reader.readDirectory(DemoInvocation.SAMPLES.resolve("demo"));

    assertThat(files)
        .extracting(f -> f.file().getFileName().toString())
        .containsExactly("01-application.yaml", "02-deploymentgroup.yaml", "03-release-v2.yaml");
    DeploymentGroup v1 = (DeploymentGroup) files.get(1).objects().get(0);
    DeploymentGroup v2 = (DeploymentGroup) files.get(2).objects().get(0);
    assertThat(v1.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(v1.getSpec().getRevision().getS3().getKey()).isEqualTo("demo-web-v1.tgz");
    assertThat(v2.getSpec().getRevision().getS3().getKey()).isEqualTo("demo-web-v2.tgz");
    assertThat(v2.getSpec().getDeploymentConfig().getName())
        .isEqualTo(PredefinedDeploymentConfig.OneAtATime);
  }

  @Test
  void severalDocumentsOfAFileAreAppliedTogetherAndOtherFilesAreIgnored() throws Exception {
    write(
        "b.yml",
        """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: Application
        metadata: {name: one, namespace: team-a}
        ---
        # a comment-only document is nothing
        ---
        apiVersion: fleetdeploy.io/v1alpha1
        kind: Application
        metadata: {name: two}
        """);
    write(
        "a.yaml",
        "apiVersion: fleetdeploy.io/v1alpha1\nkind: Application\nmetadata: {name: first}\n");
    write("notes.txt", "not a manifest");

    List<ManifestFile> files = reader.readDirectory(dir);

    assertThat(files)
        .extracting(f -> f.file().getFileName().toString())
        .containsExactly("a.yaml", "b.yml");
    assertThat(files.get(1).objects())
        .extracting(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .containsExactly("team-a/one", "default/two");
  }

  @Test
  void aSyntaxErrorNamesTheFileAndTheLine() throws IOException {
    Path file =
        write(
            "bad.yaml",
            "apiVersion: fleetdeploy.io/v1alpha1\nkind: Application\nmetadata:\n  name: [x\n");

    assertThatThrownBy(() -> reader.readFile(file))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(file + ": not valid YAML (line ");
  }

  @Test
  void aFieldOfTheWrongTypeIsNamedByItsPath() throws IOException {
    Path file =
        write(
            "group.yaml",
            """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: DeploymentGroup
        metadata: {name: web}
        spec:
          applicationRef: {name: app}
          targets: {ec2TagFilters: [{key: app, value: web}]}
          deploymentConfig: {name: TwoAtATime}
        """);

    assertThatThrownBy(() -> reader.readFile(file))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            file
                + ", document 1 (DeploymentGroup web): spec.deploymentConfig.name: expected one of "
                + "AllAtOnce, HalfAtATime, OneAtATime, got \"TwoAtATime\"");
  }

  @Test
  void aTypeErrorSpeaksOfTheExpectedShapeNotOfJavaTypes() throws IOException {
    Path number =
        write(
            "number.yaml",
            """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: DeploymentGroup
        metadata: {name: web}
        spec:
          applicationRef: {name: app}
          targets: {ec2TagFilters: [{key: app, value: web}]}
          deploymentConfig: {minimumHealthyHosts: {type: FLEET_PERCENT, value: ten}}
        """);
    Path list =
        write(
            "list.yaml",
            """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: DeploymentGroup
        metadata: {name: web}
        spec:
          applicationRef: {name: app}
          targets: [app=web]
        """);
    Path flag =
        write(
            "flag.yaml",
            """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: DeploymentGroup
        metadata: {name: web}
        spec:
          applicationRef: {name: app}
          targets: {ec2TagFilters: [{key: app, value: web}]}
          paused: {really: yes}
        """);

    assertThatThrownBy(() -> reader.readFile(number))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            number
                + ", document 1 (DeploymentGroup web): spec.deploymentConfig.minimumHealthyHosts.value: "
                + "expected a whole number, got \"ten\"");
    assertThatThrownBy(() -> reader.readFile(list))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            list
                + ", document 1 (DeploymentGroup web): spec.targets: expected a mapping of fields, got a "
                + "list");
    assertThatThrownBy(() -> reader.readFile(flag))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            flag
                + ", document 1 (DeploymentGroup web): spec.paused: expected true or false, got a mapping");
  }

  @Test
  void aFieldTheApiDoesNotHaveIsAnError() throws IOException {
    Path nested =
        write(
            "group.yaml",
            """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: DeploymentGroup
        metadata: {name: web}
        spec:
          applicationRef: {name: app}
          targets:
            autoscalingGroups: [demo-asg]
        """);
    Path topLevel =
        write(
            "app.yaml",
            """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: Application
        metadata:
          name: app
          lables: {team: a}
        """);
    Path besideSpec =
        write(
            "app2.yaml",
            """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: Application
        metadata: {name: app}
        specs: {description: typo}
        """);

    assertThatThrownBy(() -> reader.readFile(nested))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            nested
                + ", document 1 (DeploymentGroup web): unknown field \"spec.targets.autoscalingGroups\" "
                + "(did you mean \"autoScalingGroups\"?)");
    assertThatThrownBy(() -> reader.readFile(topLevel))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            topLevel
                + ", document 1 (Application app): unknown field \"metadata.lables\" (did you mean "
                + "\"labels\"?)");
    assertThatThrownBy(() -> reader.readFile(besideSpec))
        .isInstanceOf(ManifestException.class)
        .hasMessage(
            besideSpec
                + ", document 1 (Application app): unknown field \"specs\" (did you mean \"spec\"?)");
  }

  @Test
  void kindsAndNamesAreChecked() throws IOException {
    Path noKind = write("a.yaml", "apiVersion: fleetdeploy.io/v1alpha1\nmetadata: {name: x}\n");
    Path otherVersion =
        write("b.yaml", "apiVersion: fleetdeploy.io/v1\nkind: Application\nmetadata: {name: x}\n");
    Path noName =
        write("c.yaml", "apiVersion: fleetdeploy.io/v1alpha1\nkind: Application\nmetadata: {}\n");
    Path scalar = write("d.yaml", "just text\n");

    assertThatThrownBy(() -> reader.readFile(noKind))
        .hasMessageStartingWith(noKind + ", document 1: no kind of apiVersion");
    assertThatThrownBy(() -> reader.readFile(otherVersion))
        .hasMessageStartingWith(
            otherVersion + ", document 1: kind Application of apiVersion fleetdeploy.io/v1;");
    assertThatThrownBy(() -> reader.readFile(noName))
        .hasMessage(noName + ", document 1: Application without metadata.name");
    assertThatThrownBy(() -> reader.readFile(scalar))
        .hasMessageStartingWith(scalar + ", document 1: not a Kubernetes object");
  }

  @Test
  void aDirectoryWithoutManifestsIsAnError() {
    assertThatThrownBy(() -> reader.readDirectory(dir))
        .hasMessage("no .yaml or .yml files in " + dir);
    assertThatThrownBy(() -> reader.readDirectory(dir.resolve("missing")))
        .hasMessage(
            "manifest directory "
                + dir.resolve("missing")
                + " does not exist or is not a directory");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
