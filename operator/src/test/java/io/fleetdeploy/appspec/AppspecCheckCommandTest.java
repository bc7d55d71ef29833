package io.fleetdeploy.appspec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.CommandLineCapture.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleetdeploy appspec check PATH}: output format and exit codes, run in-process. */
class AppspecCheckCommandTest {

  @TempDir Path temp;

  @Test
  void cleanBundleExitsZero() {
    Path bundle = TestBundles.copy("webapp-v1", temp);

    Result result = CommandLineCapture.run("appspec", "check", bundle.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo(bundle + " would deploy (0 errors, 0 warnings)\n");
  }

  @Test
  void warningsStillExitZeroAndPrintOneLineEach() throws IOException {
    Path file =
        Files.writeString(
            temp.resolve("appspec.yml"),
            """
        version: 0.0
        os: linux
        hooks:
          afterInstall:
            - location: a.sh
          ApplicationStart:
            - location: start.sh
        """);
    Files.writeString(temp.resolve("start.sh"), "#!/bin/sh\n");

    Result result = CommandLineCapture.run("appspec", "check", file.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines())
        .containsExactly(
            "WARNING "
                + file
                + ":4 hooks.afterInstall: 'afterInstall' is not a lifecycle event, so its scripts never run"
                + " (did you mean 'AfterInstall'?)",
            file + " would deploy (0 errors, 1 warning)");
  }

  @Test
  void rejectedArchiveExitsOneWithEveryError() throws IOException {
    Path bundle = TestBundles.copy("webapp-v1", temp);
    Files.writeString(bundle.resolve("appspec.yml"), "version: 1\nos: windows\n");
    Path archive = TestBundles.pack(bundle, BundleType.ZIP, temp.resolve("web.zip"));

    Result result = CommandLineCapture.run("appspec", "check", archive.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out().lines())
        .containsExactly(
            "ERROR " + archive + "!/appspec.yml:1 version: must be 0.0, found '1'",
            "ERROR "
                + archive
                + "!/appspec.yml:2 os: windows is not supported yet: fleetdeploy deploys to Linux hosts"
                + " only (os: linux)",
            archive + " would be rejected (2 errors, 0 warnings)");
  }

  @Test
  void usageErrorsExitTwo() {
    Result missingPath = CommandLineCapture.run("appspec", "check");
    Result noSuchPath = CommandLineCapture.run("appspec", "check", temp.resolve("nope").toString());
    Result noSubcommand = CommandLineCapture.run("appspec");

    assertThat(missingPath.exitCode()).isEqualTo(2);
    assertThat(missingPath.err()).contains("Missing required parameter: 'PATH'");
    assertThat(noSuchPath.exitCode()).isEqualTo(2);
    assertThat(noSuchPath.err()).contains("no such file or directory: " + temp.resolve("nope"));
    assertThat(noSubcommand.exitCode()).isEqualTo(2);
  }
}
