package io.fleetdeploy.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.HostExecutor.InvocationState;
import io.fleetdeploy.fleet.OutputLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostResultsTest {
  private static final Duration DELIVERY = Duration.ofMinutes(5);

  @Test
  void anAgentThatNeverPickedTheCommandUpIsAnAgentIssue() {
    InstanceStatus s =
        HostResults.outcome(
            invocation(InvocationState.UNDELIVERED, "", "Delivery Timed Out"), DELIVERY);
    assertThat(s.getStatus()).isEqualTo(ExecutionStatus.Failed);
    assertThat(s.getErrorCode()).isEqualTo("AGENT_ISSUE");
    assertThat(s.getMessage()).contains("300 s", "Delivery Timed Out");
  }

  @Test
  void aTerminatedInstanceSaysSo() {
    InstanceStatus s =
        HostResults.outcome(invocation(InvocationState.TERMINATED, "", "Terminated"), DELIVERY);
    assertThat(s.getErrorCode()).isEqualTo("InstanceTerminated");
  }

  @Test
  void aFailedHookCarriesItsDiagnostics() {
    String line =
        "FLEETDEPLOY-RESULT {\"deploymentId\":\"d-1\",\"status\":\"Failed\",\"downloaded\":true,"
            + "\"replay\":false,\"events\":[{\"name\":\"ApplicationStart\",\"status\":\"Succeeded\","
            + "\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2026-01-01T00:00:01Z\"},"
            + "{\"name\":\"ValidateService\",\"status\":\"Failed\",\"start\":\"2026-01-01T00:00:01Z\","
            + "\"end\":\"2026-01-01T00:00:03Z\",\"errorCode\":\"ScriptFailed\",\"scriptName\":\"scripts/validate.sh\","
            + "\"message\":\"exit status 3\",\"logTail\":\"curl: connection refused\"}]}";
    InstanceStatus s =
        HostResults.outcome(invocation(InvocationState.FAILED, line, "Failed"), DELIVERY);
    assertThat(s.getStatus()).isEqualTo(ExecutionStatus.Failed);
    assertThat(s.getLastEvent()).isEqualTo("ValidateService");
    assertThat(s.getMessage())
        .contains("ValidateService failed: ScriptFailed in scripts/validate.sh");
    assertThat(s.getEvents()).hasSize(2);
    var failed = s.getEvents().get(1);
    assertThat(failed.getDurationMs()).isEqualTo(2000L);
    assertThat(failed.getDiagnostics().getErrorCode()).isEqualTo("ScriptFailed");
    assertThat(failed.getDiagnostics().getLogTail()).isEqualTo("curl: connection refused");
  }

  @Test
  void aFailedEventPointsToWhereTheFullOutputIsKept() {
    String line =
        "FLEETDEPLOY-RESULT {\"deploymentId\":\"d-1\",\"status\":\"Failed\",\"events\":["
            + "{\"name\":\"ValidateService\",\"status\":\"Failed\",\"errorCode\":\"ScriptFailed\","
            + "\"logTail\":\"curl: connection refused\"}]}";
    OutputLocation where =
        new OutputLocation(
            Optional.of("/fleetdeploy/shop/web"),
            Optional.of("cmd-1/i-0abc/fleetdeployRunner/stderr"),
            Optional.of("logs-bucket"),
            Optional.of("runs/cmd-1/i-0abc/awsrunShellScript/fleetdeployRunner/stderr"));
    InstanceStatus s =
        HostResults.outcome(
            new Invocation(
                "cmd-1",
                "i-0abc",
                InvocationState.FAILED,
                line,
                "",
                "Failed",
                Instant.EPOCH,
                where),
            DELIVERY);
    var fullLog = s.getEvents().get(0).getDiagnostics().getFullLog();
    assertThat(fullLog.getLogGroupName()).isEqualTo("/fleetdeploy/shop/web");
    assertThat(fullLog.getLogStreamName()).isEqualTo("cmd-1/i-0abc/fleetdeployRunner/stderr");
    assertThat(fullLog.getS3Bucket()).isEqualTo("logs-bucket");
    assertThat(fullLog.getS3Key()).endsWith("/fleetdeployRunner/stderr");
    // Without kept output there is no pointer.
    InstanceStatus plain =
        HostResults.outcome(invocation(InvocationState.FAILED, line, "Failed"), DELIVERY);
    assertThat(plain.getEvents().get(0).getDiagnostics().getFullLog()).isNull();
  }

  @Test
  void aRunnerThatPrintedNoResultIsAnUnknownErrorWithWhatItDidPrint() {
    InstanceStatus s =
        HostResults.outcome(
            new Invocation(
                "c",
                "i-1",
                InvocationState.FAILED,
                "partial output",
                "python3: command not found",
                "Failed",
                Instant.EPOCH),
            DELIVERY);
    assertThat(s.getStatus()).isEqualTo(ExecutionStatus.Failed);
    assertThat(s.getErrorCode()).isEqualTo("UnknownError");
    assertThat(s.getMessage()).contains("python3: command not found");
  }

  private static Invocation invocation(InvocationState state, String stdout, String detail) {
    return new Invocation("cmd-1", "i-0abc", state, stdout, "", detail, Instant.EPOCH);
  }
}
