package io.fleetdeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.Resources;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the embedded API server with {@code --server} alone, as the demo's
 * {@code --keep-running} offers it: categories, short names, printer columns, describe with Events.
 * Skipped where kubectl is not on the PATH.
 */
class KubectlAgainstEmbeddedServerTest {
  private static EmbeddedApiServer api;
  @TempDir static Path cache;

  @BeforeAll
  static void start() {
    assumeTrue(kubectl().isPresent(), "kubectl is not on the PATH");
    api = EmbeddedApiServer.start(0);
    api.client().resource(Resources.application("default", "shop")).create();
    api.client()
        .resource(
            Resources.group(
                "default",
                "web",
                "app",
                "web",
                Resources.predefined(PredefinedDeploymentConfig.HalfAtATime)))
        .create();
    Deployment d =
        api.client()
            .resource(Resources.deployment("default", "web-1", "web", "bundles", "web-1.tgz"))
            .create();
    DeploymentStatus status = new DeploymentStatus();
    status.setPhase(DeploymentPhase.InProgress);
    status.setProgress("2/6");
    d.setStatus(status);
    api.client().resource(d).updateStatus();
    api.client()
        .v1()
        .events()
        .inNamespace("default")
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("web-1.started")
                .withNamespace("default")
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("fleetdeploy.io/v1alpha1")
                .withKind("Deployment")
                .withName("web-1")
                .withNamespace("default")
                .withUid(d.getMetadata().getUid())
                .endInvolvedObject()
                .withReason("Started")
                .withMessage("Rolling out web-1.tgz to 6 instance(s)")
                .withType("Normal")
                .withNewSource("fleetdeploy-operator", null)
                .build())
        .create();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void getFleetdeployListsTheThreeKinds() throws Exception {
    String out = kubectlOk("get", "fleetdeploy");

    assertThat(out)
        .contains(
            "application.fleetdeploy.io/shop",
            "deploymentgroup.fleetdeploy.io/web",
            "deployment.fleetdeploy.io/web-1");
  }

  @Test
  void shortNamesAndPrinterColumnsWork() throws Exception {
    String out = kubectlOk("get", "fddeploy");

    assertThat(out.lines().findFirst().orElseThrow())
        .contains("NAME", "GROUP", "PHASE", "PROGRESS", "REVISION")
        .doesNotContain("CREATOR");
    assertThat(out).containsPattern("web-1 +\\S+ +web +InProgress +2/6");
    assertThat(kubectlOk("get", "deploymentgroups", "-o", "wide").lines().findFirst().orElseThrow())
        .contains("APPLICATION", "READY", "INSTANCES");
    assertThat(kubectlOk("get", "fddeploy", "-o", "wide").lines().findFirst().orElseThrow())
        .contains("CREATOR", "ERROR");
    assertThat(kubectlOk("get", "fdapp", "shop", "-o", "jsonpath={.kind}"))
        .isEqualTo("Application");
  }

  @Test
  void describeShowsTheObjectsEvents() throws Exception {
    String out = kubectlOk("describe", "fddeploy", "web-1");

    assertThat(out)
        .contains("Name:", "web-1", "Phase:", "InProgress")
        .containsPattern(
            "Normal +Started .*fleetdeploy-operator +Rolling out web-1.tgz to 6 instance\\(s\\)");
  }

  @Test
  void eventsAreListedWithTheirObject() throws Exception {
    assertThat(kubectlOk("get", "events"))
        .containsPattern("Normal +Started +deployment/web-1 +Rolling out");
  }

  private static String kubectlOk(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                kubectl().orElseThrow().toString(),
                "--server",
                "http://127.0.0.1:" + api.port(),
                "--cache-dir",
                cache.toString(),
                "--request-timeout",
                "10s"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl %s:%n%s", String.join(" ", args), out).isZero();
    return out;
  }

  private static java.util.Optional<Path> kubectl() {
    String path = System.getenv("PATH");
    if (path == null) {
      return java.util.Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .map(dir -> Path.of(dir, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
