package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Diagnostics;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.FullLogLocation;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.OutputLocation;
import io.fleetdeploy.hostplan.EventResult;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostRunOutcome;
import io.fleetdeploy.hostplan.HostRunResult;
import io.fleetdeploy.hostplan.HostRunResultParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a finished invocation means for its instance: status, error code, last event, per-event
 * detail.
 */
final class HostResults {
  static final String AGENT_ISSUE = "AGENT_ISSUE";
  static final String INSTANCE_TERMINATED = "InstanceTerminated";
  static final String INSTANCE_STOPPED = "InstanceStopped";

  /** Left the fleet before its turn: Skipped, and not a failure. */
  static final String INSTANCE_LEFT = "InstanceLeft";

  static final String CANCELLED = "Cancelled";
  static final String UNKNOWN_ERROR = "UnknownError";

  private HostResults() {}

  static InstanceStatus outcome(Invocation invocation, Duration deliveryTimeout) {
    return switch (invocation.state()) {
      case UNDELIVERED ->
          failed(
              AGENT_ISSUE,
              "the command never started on this instance ("
                  + invocation.detail()
                  + "; commands not started within "
                  + deliveryTimeout.toSeconds()
                  + " s are given up): is its SSM agent"
                  + " running, online and registered?");
      case REFUSED ->
          failed(
              AGENT_ISSUE,
              "Systems Manager refused to send the command to this instance ("
                  + invocation.detail()
                  + "): is its SSM agent running and registered?");
      case TERMINATED ->
          failed(
              INSTANCE_TERMINATED,
              "the instance stopped or terminated during the deployment ("
                  + invocation.detail()
                  + ")");
      case CANCELLED -> cancelled(invocation);
      case TIMED_OUT -> failedOrReported(invocation, "the command ran past its execution timeout");
      case SUCCEEDED, FAILED ->
          failedOrReported(invocation, "the host runner exited with a failure");
      case PENDING, IN_PROGRESS ->
          throw new IllegalArgumentException("invocation not done: " + invocation);
    };
  }

  /**
   * A command cancelled before its agent started it (nothing printed) never ran: the instance is
   * Skipped. One cancelled while running may have changed the host: it failed.
   */
  private static InstanceStatus cancelled(Invocation invocation) {
    boolean neverStarted =
        (invocation.stdout() == null || invocation.stdout().isBlank())
            && (invocation.stderr() == null || invocation.stderr().isBlank());
    if (neverStarted) {
      InstanceStatus status = new InstanceStatus();
      status.setStatus(ExecutionStatus.Skipped);
      status.setErrorCode(CANCELLED);
      status.setMessage(
          "not deployed: the command was cancelled (the deployment was stopped) before the"
              + " instance's agent started it");
      return status;
    }
    return failed(
        CANCELLED, "the command was cancelled while it ran (" + invocation.detail() + ")");
  }

  /**
   * An instance that failed without a result from the runner, e.g. it was gone before it started.
   */
  static InstanceStatus failed(String errorCode, String message) {
    InstanceStatus status = new InstanceStatus();
    status.setStatus(ExecutionStatus.Failed);
    status.setErrorCode(errorCode);
    status.setMessage(message);
    return status;
  }

  /** An instance that left the fleet before anything was sent to it: not a failure. */
  static InstanceStatus left(String message) {
    InstanceStatus status = new InstanceStatus();
    status.setStatus(ExecutionStatus.Skipped);
    status.setErrorCode(INSTANCE_LEFT);
    status.setMessage(message);
    return status;
  }

  private static InstanceStatus failedOrReported(Invocation invocation, String whenNoResult) {
    HostRunOutcome outcome = HostRunResultParser.parse(invocation.stdout());
    if (outcome instanceof HostRunOutcome.Reported reported) {
      return fromResult(reported.result(), invocation.output());
    }
    String reason = ((HostRunOutcome.NoResultLine) outcome).reason();
    String stderr =
        invocation.stderr() == null || invocation.stderr().isBlank()
            ? ""
            : "; stderr ends with: " + tail(invocation.stderr().strip(), 400);
    return failed(
        UNKNOWN_ERROR, whenNoResult + " (" + invocation.detail() + "): " + reason + stderr);
  }

  static InstanceStatus fromResult(HostRunResult result) {
    return fromResult(result, OutputLocation.NONE);
  }

  /**
   * The instance's status from its runner's result; failed events point to where the full output is
   * kept, when it is.
   */
  static InstanceStatus fromResult(HostRunResult result, OutputLocation output) {
    InstanceStatus status = new InstanceStatus();
    status.setStatus(result.succeeded() ? ExecutionStatus.Succeeded : ExecutionStatus.Failed);
    List<LifecycleEventStatus> events = new ArrayList<>();
    String lastEvent = null;
    for (EventResult e : result.events()) {
      LifecycleEventStatus event = new LifecycleEventStatus();
      event.setName(e.name());
      event.setStatus(
          switch (e.status()) {
            case Succeeded -> ExecutionStatus.Succeeded;
            case Failed -> ExecutionStatus.Failed;
            case Skipped -> ExecutionStatus.Skipped;
          });
      e.start().ifPresent(start -> event.setStartTime(DeploymentProgress.time(start)));
      if (e.start().isPresent() && e.end().isPresent()) {
        event.setDurationMs(
            Math.max(0, Duration.between(e.start().get(), e.end().get()).toMillis()));
      }
      if (e.status() == EventStatus.Failed) {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.setErrorCode(e.errorCode().orElse(UNKNOWN_ERROR));
        diagnostics.setScriptName(e.scriptName().orElse(null));
        diagnostics.setMessage(
            e.message().map(m -> tail(m, 2048)).orElse(null)
                + (e.ignored() ? " (ignored: ignoreApplicationStopFailures)" : ""));
        diagnostics.setLogTail(e.logTail().map(t -> tail(t, 4096)).orElse(null));
        diagnostics.setFullLog(fullLog(output));
        event.setDiagnostics(diagnostics);
      }
      if (e.status() != EventStatus.Skipped) {
        lastEvent = e.name();
      }
      events.add(event);
    }
    status.setLastEvent(lastEvent);
    status.setEvents(events);
    if (!result.succeeded()) {
      status.setErrorCode(
          result.failedEvent().map(e -> e.errorCode().orElse(UNKNOWN_ERROR)).orElse(UNKNOWN_ERROR));
      status.setMessage(
          result
              .failedEvent()
              .map(
                  e ->
                      e.name()
                          + " failed: "
                          + e.errorCode().orElse(UNKNOWN_ERROR)
                          + e.scriptName().map(s -> " in " + s).orElse("")
                          + e.message().map(m -> ": " + tail(m, 300)).orElse(""))
              .orElse(result.error().orElse("the deployment failed on this host")));
    } else if (result.replay()) {
      status.setMessage("result of an earlier run on this host (not run again)");
    }
    return status;
  }

  /** "CODE: message", for Events and logs. */
  static String describe(InstanceStatus result) {
    return result.getErrorCode() == null
        ? String.valueOf(result.getMessage())
        : result.getErrorCode() + ": " + result.getMessage();
  }

  private static FullLogLocation fullLog(OutputLocation output) {
    if (!output.known()) {
      return null;
    }
    FullLogLocation where = new FullLogLocation();
    if (output.inCloudWatch()) {
      where.setLogGroupName(output.logGroup().get());
      where.setLogStreamName(output.logStream().get());
    }
    if (output.inS3()) {
      where.setS3Bucket(output.s3Bucket().get());
      where.setS3Key(output.s3Key().get());
    }
    return where;
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : "…" + text.substring(text.length() - max + 1);
  }
}
