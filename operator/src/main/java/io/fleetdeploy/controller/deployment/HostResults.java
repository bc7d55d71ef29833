package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Diagnostics;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.hostplan.EventResult;
import io.fleetdeploy.hostplan.EventStatus;
import io.fleetdeploy.hostplan.HostRunOutcome;
import io.fleetdeploy.hostplan.HostRunResult;
import io.fleetdeploy.hostplan.HostRunResultParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a finished invocation means for its instance: status, last event, per-event detail. */
final class HostResults {
  static final String AGENT_ISSUE = "AGENT_ISSUE";
  static final String INSTANCE_TERMINATED = "InstanceTerminated";

  private HostResults() {}

  static InstanceStatus outcome(Invocation invocation, Duration deliveryTimeout) {
    return switch (invocation.state()) {
      case UNDELIVERED -> failed(AGENT_ISSUE, "the command never started on this instance (" + invocation.detail()
          + "; commands not started within " + deliveryTimeout.toSeconds() + " s are given up): is its SSM agent"
          + " running, online and registered?");
      case TERMINATED -> failed(INSTANCE_TERMINATED,
          "the instance stopped or terminated during the deployment (" + invocation.detail() + ")");
      case CANCELLED -> failed("Cancelled", "the command was cancelled (" + invocation.detail() + ")");
      case TIMED_OUT -> failedOrReported(invocation, "the command ran past its execution timeout");
      case SUCCEEDED, FAILED -> failedOrReported(invocation, "the host runner exited with a failure");
      case PENDING, IN_PROGRESS -> throw new IllegalArgumentException("invocation not done: " + invocation);
    };
  }

  /** An instance that failed without running anything, e.g. it was gone before it started. */
  static InstanceStatus failed(String errorCode, String message) {
    InstanceStatus status = new InstanceStatus();
    status.setStatus(ExecutionStatus.Failed);
    status.setMessage(errorCode + ": " + message);
    return status;
  }

  private static InstanceStatus failedOrReported(Invocation invocation, String whenNoResult) {
    HostRunOutcome outcome = HostRunResultParser.parse(invocation.stdout());
    if (outcome instanceof HostRunOutcome.Reported reported) {
      return fromResult(reported.result());
    }
    String reason = ((HostRunOutcome.NoResultLine) outcome).reason();
    String stderr = invocation.stderr() == null || invocation.stderr().isBlank() ? ""
        : "; stderr ends with: " + tail(invocation.stderr().strip(), 400);
    return failed("UnknownError", whenNoResult + " (" + invocation.detail() + "): " + reason + stderr);
  }

  static InstanceStatus fromResult(HostRunResult result) {
    InstanceStatus status = new InstanceStatus();
    status.setStatus(result.succeeded() ? ExecutionStatus.Succeeded : ExecutionStatus.Failed);
    List<LifecycleEventStatus> events = new ArrayList<>();
    String lastEvent = null;
    for (EventResult e : result.events()) {
      LifecycleEventStatus event = new LifecycleEventStatus();
      event.setName(e.name());
      event.setStatus(switch (e.status()) {
        case Succeeded -> ExecutionStatus.Succeeded;
        case Failed -> ExecutionStatus.Failed;
        case Skipped -> ExecutionStatus.Skipped;
      });
      e.start().ifPresent(start -> event.setStartTime(DeploymentProgress.time(start)));
      if (e.start().isPresent() && e.end().isPresent()) {
        event.setDurationMs(Math.max(0, Duration.between(e.start().get(), e.end().get()).toMillis()));
      }
      if (e.status() == EventStatus.Failed) {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.setErrorCode(e.errorCode().orElse("UnknownError"));
        diagnostics.setScriptName(e.scriptName().orElse(null));
        diagnostics.setMessage(e.message().map(m -> tail(m, 2048)).orElse(null)
            + (e.ignored() ? " (ignored: ignoreApplicationStopFailures)" : ""));
        diagnostics.setLogTail(e.logTail().map(t -> tail(t, 4096)).orElse(null));
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
      status.setMessage(result.failedEvent()
          .map(e -> e.name() + " failed: " + e.errorCode().orElse("UnknownError")
              + e.scriptName().map(s -> " in " + s).orElse("") + e.message().map(m -> ": " + tail(m, 300)).orElse(""))
          .orElse(result.error().orElse("the deployment failed on this host")));
    } else if (result.replay()) {
      status.setMessage("result of an earlier run on this host (not run again)");
    }
    return status;
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : "…" + text.substring(text.length() - max + 1);
  }
}
