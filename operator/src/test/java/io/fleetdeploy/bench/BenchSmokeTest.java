package io.fleetdeploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetdeploy.cli.FleetdeployCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `bench` at a small size, as CI runs it: the JSON it prints has the documented shape (not timings). */
class BenchSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void printsOneObjectPerRunAndASummary() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new FleetdeployCommand()).setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute("bench", "--instances", "20", "--config", "HalfAtATime", "--hook-ms", "50", "--runs", "2",
            "--poll-ms", "200", "--output", "json");

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
      for (String field : List.of("wallSeconds", "idealSeconds", "ratio", "hostSpanSeconds", "controllerCpuSeconds",
          "peakHeapMiB", "awsCallsPerInstance", "kubernetesWritesPerInstance", "kubernetesBytesWrittenPerInstance",
          "overheadPerInstanceMs", "overheadPerBatchMs")) {
        assertThat(run.path(field).isNumber()).as(field).isTrue();
      }
      assertThat(run.path("wallSeconds").asDouble()).isPositive();
      assertThat(run.path("idealSeconds").asDouble()).isPositive();
      assertThat(run.path("awsCallsPerInstanceByApi").has("Ssm.SendCommand")).isTrue();
      assertThat(run.path("kubernetesWrites").has("deployments/status")).isTrue();
      assertThat(run.path("throttles").asLong()).isZero();
      assertThat(run.path("deploymentObjectBytes").asLong()).isPositive();
    }
    JsonNode summary = JSON.readTree(lines.get(2));
    assertThat(summary.path("summary").asBoolean()).isTrue();
    assertThat(summary.path("runs").asInt()).isEqualTo(2);
    assertThat(summary.path("allSucceeded").asBoolean()).isTrue();
    assertThat(summary.path("median").path("ratio").isNumber()).isTrue();
  }

  @Test
  void aBadConfigurationIsAUsageError() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new FleetdeployCommand()).setErr(new PrintWriter(err, true))
        .execute("bench", "--config", "FLEET_PERCENT:100");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("FLEET_PERCENT must be from 0 to 99, got 100").doesNotContain("Exception");
  }
}
