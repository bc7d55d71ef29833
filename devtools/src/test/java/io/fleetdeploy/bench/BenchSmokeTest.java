package io.fleetdeploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetdeploy.cli.FleetdeployTools;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `bench` at a small size, as CI runs it: the JSON it prints has the documented shape (not
 * timings).
 */
class BenchSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void printsOneObjectPerRunAndASummary() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        FleetdeployTools.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(
                "bench",
                "--instances",
                "20",
                "--config",
                "HalfAtATime",
                "--hook-ms",
                "50",
                "--runs",
                "2",
                "--poll-ms",
                "200",
                "--output",
                "json");

    assertThat(code).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(3);
    for (String line : lines.subList(0, 2)) {
      JsonNode run = JSON.readTree(line);
      assertThat(run.path("phase").asText()).isEqualTo("Succeeded");
      assertThat(run.path("instances").asInt()).isEqualTo(20);
      assertThat(run.path("batches").asInt()).isEqualTo(2);
      assertThat(run.path("hostsMeasured").asInt()).isEqualTo(20);
      assertThat(run.path("instancesFailed").isInt()).isTrue();
      assertThat(run.path("instancesFailed").asInt()).isZero();
      for (String field :
          List.of(
              "wallSeconds",
              "idealSeconds",
              "ratio",
              "hostSpanSeconds",
              "controllerCpuSeconds",
              "peakHeapMiB",
              "liveHeapMiB",
              "awsCallsPerInstance",
              "kubernetesWritesPerInstance",
              "kubernetesBytesWrittenPerInstance",
              "overheadPerInstanceMs",
              "overheadPerBatchMs")) {
        assertThat(run.path(field).isNumber()).as(field).isTrue();
      }
      assertThat(run.path("wallSeconds").asDouble()).isPositive();
      assertThat(run.path("liveHeapMiB").asDouble()).isPositive();
      assertThat(run.path("idealSeconds").asDouble()).isPositive();
      assertThat(run.path("awsCallsPerInstanceByApi").has("Ssm.SendCommand")).isTrue();
      assertThat(run.path("kubernetesWrites").has("deployments/status")).isTrue();
      assertThat(run.path("throttles").asLong()).isZero();
      assertThat(run.path("deploymentObjectBytes").asLong()).isPositive();
      assertThat(run.path("python").path("path").asText())
          .as("the interpreter's own path")
          .startsWith("/");
      assertThat(run.path("python").path("version").asText()).matches("3\\.\\d+\\.\\d+.*");
    }
    JsonNode summary = JSON.readTree(lines.get(2));
    assertThat(summary.path("summary").asBoolean()).isTrue();
    assertThat(summary.path("runs").asInt()).isEqualTo(2);
    assertThat(summary.path("allSucceeded").asBoolean()).isTrue();
    assertThat(summary.path("median").path("ratio").isNumber()).isTrue();
    assertThat(summary.path("python")).isEqualTo(JSON.readTree(lines.get(0)).path("python"));
    assertThat(err.toString())
        .containsPattern("hosts run the runner with /\\S+ \\(Python 3\\.\\d+");
  }

  @Test
  void theHostsRunTheInterpreterGivenWithPython(@TempDir Path temp) throws Exception {
    // A python3 of its own, which notes every run and then is the real one.
    Path calls = temp.resolve("calls");
    Path python =
        Files.writeString(
            temp.resolve("my-python"),
            "#!/bin/sh\necho run >> '" + calls + "'\nexec python3 \"$@\"\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        FleetdeployTools.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(
                "bench",
                "--instances",
                "3",
                "--config",
                "AllAtOnce",
                "--runs",
                "1",
                "--poll-ms",
                "200",
                "--output",
                "json",
                "--python",
                python.toString());

    assertThat(code).as(err.toString()).isZero();
    // Once to ask its version, then on every host (to unpack the runner, and to run it).
    assertThat(Files.readAllLines(calls)).hasSizeGreaterThan(3);
    JsonNode run = JSON.readTree(out.toString().lines().findFirst().orElseThrow());
    assertThat(run.path("python").path("path").asText()).isEqualTo(python.toString());
    assertThat(run.path("python").path("executable").asText())
        .isNotEqualTo(python.toString())
        .startsWith("/");
    assertThat(err.toString()).contains("hosts run the runner with " + python + " (Python 3.");
  }

  @Test
  void anInterpreterThatCannotRunIsAUsageError(@TempDir Path temp) {
    StringWriter err = new StringWriter();
    int code =
        FleetdeployTools.commandLine()
            .setErr(new PrintWriter(err, true))
            .execute("bench", "--python", temp.resolve("no-python").toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid value for option '--python': cannot run " + temp.resolve("no-python"))
        .doesNotContain("Exception");
  }

  @Test
  void aBadConfigurationIsAUsageError() {
    StringWriter err = new StringWriter();
    int code =
        FleetdeployTools.commandLine()
            .setErr(new PrintWriter(err, true))
            .execute("bench", "--config", "FLEET_PERCENT:100");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("FLEET_PERCENT must be from 0 to 99, got 100")
        .doesNotContain("Exception");
  }

  /**
   * Modelled hosts: no process runs, the hosts' modelled runs give the ideal, and ratio comes
   * first.
   */
  @Test
  void modelledHostsReportTheRatioFirstAndWhichHostsRan() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        FleetdeployTools.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(
                "bench",
                "--hosts",
                "modelled",
                "--instances",
                "20",
                "--config",
                "HalfAtATime",
                "--hook-ms",
                "100",
                "--poll-ms",
                "200",
                "--output",
                "json");

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("modelled hosts (no processes; 100 ms per hooked event");
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode run = JSON.readTree(lines.get(0));
    assertThat(run.fieldNames().next()).isEqualTo("ratio");
    assertThat(run.path("hosts").asText()).isEqualTo("modelled");
    assertThat(run.path("phase").asText()).isEqualTo("Succeeded");
    assertThat(run.path("hostsMeasured").asInt()).isEqualTo(20);
    assertThat(run.path("batches").asInt()).isEqualTo(2);
    // First deployment on each host: AfterInstall, ApplicationStart and ValidateService hooks
    // (BeforeInstall too), 100 ms each, per batch.
    assertThat(run.path("idealSeconds").asDouble()).isBetween(0.6, 1.0);
    assertThat(run.path("ratio").asDouble()).isGreaterThanOrEqualTo(1.0);
    assertThat(run.has("python")).isFalse();
    assertThat(run.path("kubernetesBytesWritten").has("deployments/status")).isTrue();
    assertThat(JSON.readTree(lines.get(1)).path("median").fieldNames().next()).isEqualTo("ratio");
  }

  @Test
  void jitterIsForModelledHostsOnly() {
    StringWriter err = new StringWriter();
    int code =
        FleetdeployTools.commandLine()
            .setOut(new PrintWriter(new StringWriter(), true))
            .setErr(new PrintWriter(err, true))
            .execute("bench", "--instances", "2", "--jitter", "0.1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--jitter").contains("--hosts modelled");
  }
}
