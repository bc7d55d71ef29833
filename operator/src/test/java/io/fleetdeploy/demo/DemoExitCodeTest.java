package io.fleetdeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit code 1 when a Deployment fails or time runs out, 2 for usage and manifest errors, never a stack trace. */
class DemoExitCodeTest {
  @TempDir Path temp;

  @Test
  void aDeploymentWhoseHealthCheckFailsEndsTheDemoWithOne() throws Exception {
    Path failing = resource("/demo/failing");
    DemoInvocation run = DemoInvocation.demo("--manifests", failing.resolve("manifests").toString(),
        "--bundles", failing.resolve("bundles").toString(), "--instances", "2", "--asg-instances", "0",
        "--timeout", "60");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .contains("bucket fleetdeploy-demo: broken-web.tgz, broken-web.zip")
        .containsPattern("deployment broken-1: i-\\w+ failed in [0-9.]+s at ValidateService: ScriptFailed")
        .contains("demo failed after", "Deployment broken-1 Failed")
        .doesNotContain("timed out", "Exception");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void runningOutOfTimeEndsTheDemoWithOne() {
    DemoInvocation run = DemoInvocation.demo("--instances", "2", "--asg-instances", "0", "--timeout", "1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("timed out after 1s, still waiting for:").doesNotContain("Exception");
  }

  @Test
  void aBadFlagIsAUsageError() {
    DemoInvocation unknown = DemoInvocation.demo("--instancez", "3");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown options: '--instancez'").doesNotContain("Exception");

    DemoInvocation negative = DemoInvocation.demo("--instances", "-1");
    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.err()).contains("--instances must be within 0-100, was -1");

    DemoInvocation notANumber = DemoInvocation.demo("--timeout", "soon");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).contains("'soon' is not a long");
  }

  @Test
  void aManifestThatDoesNotParseIsNamedWithItsLine() throws Exception {
    Files.writeString(temp.resolve("01-good.yaml"), """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: Application
        metadata: {name: fine}
        """);
    Files.writeString(temp.resolve("02-broken.yaml"), """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: DeploymentGroup
        metadata:
          name: web
        spec: [unclosed
        """);
    DemoInvocation run = DemoInvocation.demo("--manifests", temp.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("fleetdeploy demo: " + temp.resolve("02-broken.yaml") + ": not valid YAML (line ")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void aManifestOfAnUnknownKindIsAManifestError() throws Exception {
    Files.writeString(temp.resolve("app.yaml"), """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: nginx}
        """);
    DemoInvocation run = DemoInvocation.demo("--manifests", temp.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(temp.resolve("app.yaml") + ", document 1: kind Deployment of apiVersion apps/v1; "
        + "the demo applies Application, Deployment, DeploymentGroup of fleetdeploy.io/v1alpha1");
  }

  @Test
  void withoutSamplesHereTheDemoSaysWhereToRunIt() {
    DemoInvocation run = DemoInvocation.demo("--samples", temp.resolve("nowhere").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no demo manifests at " + temp.resolve("nowhere").resolve("demo"),
        "run it from the repository root");
  }

  @Test
  void aPortInUseIsAUsageErrorThatSaysWhichFlagToChange() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      DemoInvocation run = DemoInvocation.demo("--port", Integer.toString(taken.getLocalPort()), "--instances", "1");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()
          + " (in use?): choose another port with --port").doesNotContain("Exception");
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(DemoExitCodeTest.class.getResource(name).toURI());
  }
}
