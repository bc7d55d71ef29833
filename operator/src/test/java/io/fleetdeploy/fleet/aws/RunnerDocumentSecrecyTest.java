package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.HostExecutor.InvocationState;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.fleet.RevisionLocation;
import io.fleetdeploy.simulator.AwsSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The presigned URL in a host plan is no local user's business: the SSM document hands the plan to
 * the runner through a root-only file, so no process on the host (read while a hook runs, through
 * {@code /proc/<pid>/cmdline}, as any user can) has the plan or the URL's signature on its command
 * line.
 */
class RunnerDocumentSecrecyTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();

  @TempDir Path work;

  @Test
  void noCommandLineOnTheHostCarriesThePlanOrItsPresignedUrl() throws Exception {
    AwsSimulator sim = AWS.simulator();
    AdapterBundle.createBucket(sim);
    Path bundle = Files.createDirectories(work.resolve("spy/scripts"));
    Files.writeString(
        bundle.getParent().resolve("appspec.yml"),
        """
        version: 0.0
        os: linux
        hooks:
          AfterInstall:
            - location: scripts/spy.sh
        """);
    Files.writeString(
        bundle.resolve("spy.sh"),
        """
        #!/bin/sh
        # What any local user can read while the deployment runs: every process's command line.
        for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' < "$f" 2>/dev/null; echo; done > "$FLEETDEPLOY_ROOT/cmdlines.txt"
        """);
    Files.setPosixFilePermissions(
        bundle.resolve("spy.sh"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path archive = TestBundles.pack(bundle.getParent(), BundleType.TGZ, work.resolve("spy.tgz"));
    sim.putObject(AdapterBundle.BUCKET, "spy/spy.tgz", Files.readAllBytes(archive));
    AwsRevisionStore revisions = new AwsRevisionStore(AWS.aws());
    PinnedBundle pinned =
        revisions.pin(
            new RevisionLocation.S3(
                AdapterBundle.BUCKET,
                "spy/spy.tgz",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "tgz"));
    String planJson = AdapterBundle.planJson(revisions, pinned, "d-spy");
    String url = new ObjectMapper().readTree(planJson).get("revision").get("location").asText();
    Matcher signature = Pattern.compile("X-Amz-Signature=([0-9a-f]+)").matcher(url);
    assertThat(signature.find()).as("a presigned URL: %s", url).isTrue();
    String id = sim.addInstances(1, Map.of("app", "spy")).get(0);
    SsmHostExecutor executor = new SsmHostExecutor(AWS.aws(), new RunnerDocument(AWS.aws()));

    List<String> commands =
        executor.send(
            new HostExecutor.HostCommand(
                "d-spy", 1, planJson, Duration.ofMinutes(5), Duration.ofMinutes(5), Instant.now()),
            List.of(id));
    Invocation done =
        HostRuns.awaitDone(executor, commands, 1, Duration.ofMillis(300), Duration.ofSeconds(60))
            .get(id);

    assertThat(done.state()).as(done.stderr()).isEqualTo(InvocationState.SUCCEEDED);
    String cmdlines =
        Files.readString(sim.instanceRoot(id).resolve("cmdlines.txt"), StandardCharsets.UTF_8);
    assertThat(cmdlines).as("the spy saw the runner").contains("--plan-base64-file");
    assertThat(cmdlines).doesNotContain(signature.group(1));
    assertThat(cmdlines)
        .doesNotContain(
            Base64.getEncoder()
                .encodeToString(planJson.getBytes(StandardCharsets.UTF_8))
                .substring(0, 40));
  }
}
