package io.fleetdeploy.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.runner.RunnerHarness.PlanOptions;
import io.fleetdeploy.runner.RunnerHarness.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks run with a clean environment: the documented CodeDeploy variables, PATH, HOME, the locale
 * and the instance id SSM sets, and nothing else of the runner's (which may hold AWS credentials).
 */
class RunnerHookEnvironmentTest {
  @TempDir Path temp;

  @Test
  void hooksSeeTheDocumentedVariablesAndNoneOfTheRunnersSecrets() throws IOException {
    RunnerHarness harness = new RunnerHarness(temp);
    Path bundle = Files.createDirectories(temp.resolve("bundle/scripts"));
    Files.writeString(
        bundle.getParent().resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        hooks:
          AfterInstall:
            - location: scripts/env.sh
        """);
    Files.writeString(bundle.resolve("env.sh"), "#!/bin/sh\nenv > \"$FLEETDEPLOY_ROOT/env.txt\"\n");
    Files.setPosixFilePermissions(
        bundle.resolve("env.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));

    Run run =
        harness.runWith(
            harness.plan(bundle.getParent(), BundleType.TAR, "d-env", PlanOptions.defaults()),
            Map.of(
                "AWS_ACCESS_KEY_ID",
                "AKIAEXAMPLEEXAMPLE",
                "AWS_SECRET_ACCESS_KEY",
                "very-secret",
                "AWS_SESSION_TOKEN",
                "token",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://169.254.170.2/creds",
                "DATABASE_PASSWORD",
                "hunter2",
                "LC_ALL",
                "C.UTF-8",
                "AWS_SSM_INSTANCE_ID",
                "i-0123456789abcdef0"),
            java.util.List.of());

    assertThat(run.exitCode()).as(run.stdout()).isZero();
    Map<String, String> seen = new TreeMap<>();
    for (String line : Files.readAllLines(harness.host("/env.txt"))) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        seen.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    assertThat(seen)
        .containsEntry("DEPLOYMENT_ID", "d-env")
        .containsEntry("LIFECYCLE_EVENT", "AfterInstall")
        .containsEntry("DEPLOYMENT_GROUP_ID", RunnerHarness.GROUP_ID)
        .containsEntry("LC_ALL", "C.UTF-8")
        .containsEntry("AWS_SSM_INSTANCE_ID", "i-0123456789abcdef0")
        .containsKeys("PATH", "APPLICATION_NAME", "DEPLOYMENT_GROUP_NAME", "FLEETDEPLOY_ROOT");
    Set<String> allowed =
        Set.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "SHELL",
            "LANG",
            "LANGUAGE",
            "TZ",
            "TERM",
            "TMPDIR",
            "AWS_SSM_INSTANCE_ID",
            "AWS_SSM_REGION_NAME",
            "DEPLOYMENT_ID",
            "APPLICATION_NAME",
            "DEPLOYMENT_GROUP_NAME",
            "DEPLOYMENT_GROUP_ID",
            "LIFECYCLE_EVENT",
            "FLEETDEPLOY_ROOT",
            "BUNDLE_BUCKET",
            "BUNDLE_KEY",
            "BUNDLE_VERSION",
            "BUNDLE_ETAG",
            "PWD",
            "SHLVL",
            "_",
            "OLDPWD");
    assertThat(seen.keySet())
        .allSatisfy(
            name ->
                assertThat(allowed.contains(name) || name.startsWith("LC_"))
                    .as("variable %s reached the hook", name)
                    .isTrue());
    assertThat(seen.values())
        .noneMatch(v -> v.contains("very-secret") || v.contains("hunter2") || v.contains("AKIA"));
  }
}
