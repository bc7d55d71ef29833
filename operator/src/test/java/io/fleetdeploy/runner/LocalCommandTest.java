package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.CommandLineCapture;
import io.fleetdeploy.appspec.CommandLineCapture.Result;
import io.fleetdeploy.appspec.TestBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetdeploy local} end to end: real bundles, the real runner, a temporary root. */
class LocalCommandTest {

  @TempDir Path temp;

  @Test
  void secondRevisionIsStoppedWithTheFirstRevisionsScript() throws IOException {
    Path root = temp.resolve("root");
    Path v1 = TestBundles.copy("webapp-v1", temp);
    Path v2 =
        TestBundles.pack(
            TestBundles.copy("webapp-v2", temp), BundleType.TGZ, temp.resolve("webapp-v2.tgz"));

    Result first =
        CommandLineCapture.run(
            "local",
            "--bundle",
            v1.toString(),
            "--root",
            root.toString(),
            "--deployment-group",
            "web",
            "--deployment-id",
            "d-one");
    Result second =
        CommandLineCapture.run(
            "local",
            "--bundle",
            v2.toString(),
            "--root",
            root.toString(),
            "--deployment-group",
            "web",
            "--deployment-id",
            "d-two");

    assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
    assertThat(first.out()).contains("Deployment d-one Succeeded", "ApplicationStop    Skipped");
    assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
    assertThat(second.out())
        .contains(
            "ApplicationStop    Succeeded in", "ran 1 script(s) of deployment d-one",
            "ValidateService    Succeeded", "Deployment d-two Succeeded");
    assertThat(Files.readAllLines(root.resolve("var/log/webapp/events.log")))
        .contains("ApplicationStop by revision 1 for d-two");
    assertThat(root.resolve("opt/webapp/index.html")).content().contains("revision 2");
  }

  @Test
  void failedEventShowsItsCodeScriptAndOutputAndExitsOne() throws IOException {
    Path bundle = TestBundles.copy("scripts-lab", temp);
    Files.writeString(
        bundle.resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        hooks:
          ValidateService:
            - location: scripts/fail.sh
        """);

    Result result =
        CommandLineCapture.run(
            "local", "--bundle", bundle.toString(), "--root", temp.resolve("r").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains(
            "ValidateService failed: ScriptFailed in script scripts/fail.sh",
            "Script at specified location: scripts/fail.sh failed with exit code 3",
            "  last output:",
            "    | [stderr]config/app.conf: port is missing");
    assertThat(result.out()).containsPattern("Deployment d-[A-Z0-9]{9}-local Failed");
  }

  @Test
  void rejectedBundleIsNotDeployed() throws IOException {
    Path bundle = TestBundles.copy("scripts-lab", temp);
    Files.writeString(bundle.resolve("appspec.yml"), "version: 0.0\nos: windows\n");
    Path root = temp.resolve("r");

    Result result =
        CommandLineCapture.run("local", "--bundle", bundle.toString(), "--root", root.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains(
            "ERROR " + bundle.resolve("appspec.yml") + ":2 os: windows is not supported yet",
            "not deploying " + bundle + ": the bundle would be rejected (1 error)");
    assertThat(root).doesNotExist();
  }

  @Test
  void eventsSubsetAndUsageErrors() throws IOException {
    Path bundle = TestBundles.copy("webapp-v1", temp);
    Path root = temp.resolve("r");

    Result subset =
        CommandLineCapture.run(
            "local",
            "--bundle",
            bundle.toString(),
            "--root",
            root.toString(),
            "--events",
            "BeforeInstall,Install");
    Result badEvent =
        CommandLineCapture.run("local", "--bundle", bundle.toString(), "--events", "Deploy");
    Result badBehavior =
        CommandLineCapture.run(
            "local", "--bundle", bundle.toString(), "--file-exists-behavior", "MERGE");
    Result noBundle = CommandLineCapture.run("local", "--bundle", temp.resolve("nope").toString());
    Result badGroup =
        CommandLineCapture.run(
            "local", "--bundle", bundle.toString(), "--deployment-group", "../x");

    assertThat(subset.exitCode()).as(subset.out() + subset.err()).isZero();
    assertThat(subset.out())
        .contains("BeforeInstall      Succeeded")
        .doesNotContain("AfterInstall");
    assertThat(root.resolve("opt/webapp/index.html")).exists();
    assertThat(badEvent.exitCode()).isEqualTo(1);
    assertThat(badEvent.out()).contains("--events names Deploy, which is not a lifecycle event");
    assertThat(badBehavior.exitCode()).isEqualTo(2);
    assertThat(noBundle.exitCode()).isEqualTo(2);
    assertThat(noBundle.err()).contains("--bundle: no such file or directory");
    assertThat(badGroup.exitCode()).isEqualTo(2);
    assertThat(badGroup.err()).contains("deployment group id must be", "'../x'");
  }
}
