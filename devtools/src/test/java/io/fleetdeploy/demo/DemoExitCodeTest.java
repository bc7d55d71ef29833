package io.fleetdeploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit code 1 when a Deployment fails or time runs out, 2 for usage and manifest errors, never a
 * stack trace.
 */
class DemoExitCodeTest {
  @TempDir Path temp;

  @Test
  void aDeploymentWhoseHealthCheckFailsEndsTheDemoWithOne() throws Exception {
    Path failing = resource("/demo/failing");
    DemoInvocation run =
        DemoInvocation.demo(
            "--manifests",
            failing.resolve("manifests").toString(),
            "--bundles",
            failing.resolve("bundles").toString(),
            "--instances",
            "2",
            "--asg-instances",
            "0",
            "--timeout",
            "60");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .contains("bucket fleetdeploy-demo: broken-web.tgz, broken-web.zip")
        .containsPattern(
            "deployment broken-1: i-\\w+ failed in [0-9.]+s at ValidateService: ScriptFailed")
        .contains("demo failed after", "Deployment broken-1 Failed")
        .doesNotContain("timed out", "Exception");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aDeploymentOfAGroupThatDoesNotExistEndsTheDemoAtOnceWithItsOwnCondition() throws Exception {
    Path bundles = bundle(temp.resolve("bundles"), "web", "exit 0");
    Path manifests = Files.createDirectories(temp.resolve("manifests"));
    Files.writeString(manifests.resolve("01-group.yaml"), GROUP.formatted("storefront", ""));
    Files.writeString(
        manifests.resolve("02-deployment.yaml"),
        """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: Deployment
        metadata: {name: web-1}
        spec:
          deploymentGroupRef: {name: storefrnt}
          revision: {s3: {bucket: fleetdeploy-demo, key: web.tgz, bundleType: tgz}}
        """);
    long start = System.nanoTime();
    DemoInvocation run =
        DemoInvocation.demo(
            "--manifests",
            manifests.toString(),
            "--bundles",
            bundles.toString(),
            "--instances",
            "1",
            "--asg-instances",
            "0",
            "--no-scale-out",
            "--timeout",
            "100");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "deployment web-1 waits: DeploymentGroupNotFound: DeploymentGroup storefrnt does not exist in this "
                + "namespace")
        .contains(
            "demo failed after",
            "Deployment web-1 cannot start: DeploymentGroupNotFound: DeploymentGroup "
                + "storefrnt does not exist",
            "(did you mean storefront?)")
        .doesNotContain("timed out", "Exception");
    assertThat(took)
        .as("ended as soon as the condition appeared, not at the timeout")
        .isLessThan(Duration.ofSeconds(40));
  }

  @Test
  void aDeclaredRevisionThatFailsAndIsRolledBackEndsTheDemoWithOneAndTheSummaryShowsWhatRuns()
      throws Exception {
    Path bundles = temp.resolve("bundles");
    bundle(bundles, "good-web", "exit 0");
    bundle(bundles, "broken-web", "echo 'broken-web does not answer' >&2; exit 1");
    Path manifests = Files.createDirectories(temp.resolve("manifests"));
    Files.writeString(
        manifests.resolve("01-good.yaml"), GROUP.formatted("web", DECLARED.formatted("good-web")));
    Files.writeString(
        manifests.resolve("02-broken.yaml"),
        GROUP.formatted("web", DECLARED.formatted("broken-web")));
    long start = System.nanoTime();
    DemoInvocation run =
        DemoInvocation.demo(
            "--manifests",
            manifests.toString(),
            "--bundles",
            bundles.toString(),
            "--instances",
            "3",
            "--asg-instances",
            "0",
            "--no-scale-out",
            "--timeout",
            "100");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern("at ValidateService: ScriptFailed")
        .contains("rolled back by ", "demo failed after")
        .containsPattern("Deployment web-\\w+-2 Failed")
        .doesNotContain("timed out", "Exception");
    assertThat(took)
        .as("ended once the rollback finished, not at the timeout")
        .isLessThan(Duration.ofSeconds(60));
    List<String> instanceRows =
        run.err()
            .lines()
            .dropWhile(l -> !l.startsWith("INSTANCE "))
            .skip(1)
            .takeWhile(l -> !l.isBlank())
            .toList();
    assertThat(instanceRows)
        .hasSize(3)
        .allSatisfy(row -> assertThat(row).contains("good-web.tgz@", "Succeeded"));
    assertThat(run.err())
        .containsPattern("(?m)^web-\\w+-2 +deploymentGroup +broken-web.tgz@\\w+ +Failed ")
        .containsPattern("(?m)^\\S+ +rollback +good-web.tgz@\\w+ +Succeeded ");
  }

  @Test
  void runningOutOfTimeEndsTheDemoWithOne() {
    DemoInvocation run =
        DemoInvocation.demo("--instances", "2", "--asg-instances", "0", "--timeout", "1");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("timed out after 1s, still waiting for:")
        .doesNotContain("Exception");
  }

  @Test
  void aBadFlagIsAUsageError() {
    DemoInvocation unknown = DemoInvocation.demo("--instancez", "3");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("Unknown options: '--instancez'")
        .doesNotContain("Exception");

    DemoInvocation negative = DemoInvocation.demo("--instances", "-1");
    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.err()).contains("--instances must be within 0-100, was -1");

    DemoInvocation notANumber = DemoInvocation.demo("--timeout", "soon");
    assertThat(notANumber.exitCode()).isEqualTo(2);
    assertThat(notANumber.err()).contains("'soon' is not a long");
  }

  @Test
  void aManifestThatDoesNotParseIsNamedWithItsLine() throws Exception {
    Files.writeString(
        temp.resolve("01-good.yaml"),
        """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: Application
        metadata: {name: fine}
        """);
    Files.writeString(
        temp.resolve("02-broken.yaml"),
        """
        apiVersion: fleetdeploy.io/v1alpha1
        kind: DeploymentGroup
        metadata:
          name: web
        spec: [unclosed
        """);
    DemoInvocation run = DemoInvocation.demo("--manifests", temp.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("fleetdeploy demo: " + temp.resolve("02-broken.yaml") + ": not valid YAML (line ")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void aManifestOfAnUnknownKindIsAManifestError() throws Exception {
    Files.writeString(
        temp.resolve("app.yaml"),
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: nginx}
        """);
    DemoInvocation run = DemoInvocation.demo("--manifests", temp.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            temp.resolve("app.yaml")
                + ", document 1: kind Deployment of apiVersion apps/v1; "
                + "the demo applies Application, Deployment, DeploymentGroup of fleetdeploy.io/v1alpha1");
  }

  @Test
  void withoutSamplesHereTheDemoSaysWhereToRunIt() {
    DemoInvocation run = DemoInvocation.demo("--samples", temp.resolve("nowhere").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "no demo manifests at " + temp.resolve("nowhere").resolve("demo"),
            "run it from the repository root");
  }

  @Test
  void aPortInUseIsAUsageErrorThatSaysWhichFlagToChange() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      DemoInvocation run =
          DemoInvocation.demo("--port", Integer.toString(taken.getLocalPort()), "--instances", "1");

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err())
          .contains(
              "cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + " (in use?): choose another port with --port")
          .doesNotContain("Exception");
    }
  }

  /** A group of the demo's tagged instances: %1$s its name, %2$s more of its spec. */
  private static final String GROUP =
      """
      apiVersion: fleetdeploy.io/v1alpha1
      kind: Application
      metadata: {name: %1$s}
      ---
      apiVersion: fleetdeploy.io/v1alpha1
      kind: DeploymentGroup
      metadata: {name: %1$s}
      spec:
        applicationRef: {name: %1$s}
        targets:
          ec2TagFilters: [{key: app, value: demo}]
        deploymentConfig: {name: OneAtATime}
      %2$s""";

  /** The group's declared revision, the bundle %s of the bucket, rolled back when it fails. */
  private static final String DECLARED =
      """
        revision: {s3: {bucket: fleetdeploy-demo, key: %s.tgz, bundleType: tgz}}
        autoRollback: {enabled: true, events: [DeploymentFailure]}
      """;

  /**
   * Writes an unpacked bundle {@code name} into {@code dir} whose ValidateService hook runs {@code
   * validate}.
   */
  private static Path bundle(Path dir, String name, String validate) throws Exception {
    Path bundle = Files.createDirectories(dir.resolve(name));
    Files.createDirectories(bundle.resolve("site"));
    Files.createDirectories(bundle.resolve("scripts"));
    Files.writeString(bundle.resolve("site/index.html"), name + "\n");
    Path script =
        Files.writeString(bundle.resolve("scripts/validate.sh"), "#!/bin/sh\n" + validate + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        bundle.resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        files:
          - source: site
            destination: /opt/%s
        hooks:
          ValidateService:
            - location: scripts/validate.sh
              timeout: 10
        """
            .formatted(name));
    return dir;
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(DemoExitCodeTest.class.getResource(name).toURI());
  }
}
