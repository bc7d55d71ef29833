package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.Overview;
import io.fleetdeploy.controller.Conditions;
import io.fleetdeploy.controller.EventRecorder;
import io.fleetdeploy.controller.InstanceResults;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.rollout.RolloutOverview;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * The one writer of a Deployment's status: derives overview, progress and the conditions from the
 * phase, compacts per-instance detail, stamps the generation, and writes only when something
 * changed.
 */
final class DeploymentStatusWriter {
  private final StatusUpdater updater;
  private final EventRecorder events;
  private final DeploymentMetrics metrics;
  private final Clock clock;

  DeploymentStatusWriter(
      StatusUpdater updater, EventRecorder events, DeploymentMetrics metrics, Clock clock) {
    this.updater = updater;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** The newest copy of the Deployment this writer knows: its own last write, if the cache lags. */
  Deployment latest(Deployment fromCache) {
    return updater.latest(fromCache);
  }

  /**
   * Writes the status and then records the reconcile's Events; on a conflict neither happens (the
   * reconcile ran on a stale copy and its decisions are made again on fresh data).
   */
  StatusUpdater.Outcome write(
      Deployment deployment,
      DeploymentProgress progress,
      Optional<DeploymentStarter.Waiting> waiting,
      Optional<String> error) {
    DeploymentStatus before = deployment.getStatus();
    DeploymentStatus status = build(deployment, progress, waiting, error);
    StatusUpdater.Outcome outcome = updater.update(deployment, status);
    if (outcome == StatusUpdater.Outcome.WRITTEN) {
      metrics.written(deployment, before, status);
    }
    if (outcome != StatusUpdater.Outcome.CONFLICT) {
      progress.events().forEach(e -> events.record(deployment, e.reason(), e.message()));
    }
    if (progress.finished() && outcome != StatusUpdater.Outcome.CONFLICT) {
      updater.forget(deployment);
    }
    return outcome;
  }

  /** The status to store: progress plus everything derived from it. */
  DeploymentStatus build(
      Deployment deployment,
      DeploymentProgress progress,
      Optional<DeploymentStarter.Waiting> waiting,
      Optional<String> error) {
    DeploymentStatus status = progress.flush();
    long generation = deployment.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    if (status.getInstances() != null && !status.getInstances().isEmpty()) {
      RolloutOverview overview = RolloutOverview.of(progress.snapshot(false).instances());
      Overview o = new Overview();
      o.setPending(overview.pending());
      o.setInProgress(overview.inProgress());
      o.setSucceeded(overview.succeeded());
      o.setFailed(overview.failed());
      // CodeDeploy's overview has no count for instances that left the fleet: they are Skipped.
      o.setSkipped(overview.skipped() + overview.left());
      status.setOverview(o);
      status.setProgress(overview.progress());
    }
    InstanceDetailCompactor.compact(status);
    if (status.getInstances() != null) {
      InstanceResults.store(status, status.getInstances());
    }
    status.setConditions(conditions(status, waiting, error).build(generation, clock.instant()));
    return status;
  }

  private static Conditions conditions(
      DeploymentStatus status,
      Optional<DeploymentStarter.Waiting> waiting,
      Optional<String> error) {
    Conditions c = new Conditions(status.getConditions());
    DeploymentPhase phase = status.getPhase() == null ? DeploymentPhase.Created : status.getPhase();
    String failure =
        status.getErrorInformation() == null
            ? ""
            : status.getErrorInformation().getCode()
                + ": "
                + status.getErrorInformation().getMessage();
    switch (phase) {
      case Succeeded ->
          c.set(
                  Conditions.READY,
                  true,
                  "Succeeded",
                  Integer.valueOf(0).equals(status.getInstanceCount())
                      ? "Nothing to deploy to: the instances it was for left the fleet."
                      : "Deployed to " + status.getProgress() + " instance(s).")
              .set(Conditions.PROGRESSING, false, "Complete", "The deployment is over.")
              .set(Conditions.DEGRADED, false, "Succeeded", "The deployment succeeded.");
      case Failed ->
          c.set(Conditions.READY, false, reason(status), failure)
              .set(Conditions.PROGRESSING, false, "Complete", "The deployment is over.")
              .set(Conditions.DEGRADED, true, reason(status), failure);
      case Stopped ->
          c.set(Conditions.READY, false, "Stopped", failure)
              .set(Conditions.PROGRESSING, false, "Complete", "The deployment was stopped.")
              .set(Conditions.DEGRADED, false, "Stopped", "Stopped on request.");
      case InProgress -> {
        String message =
            "Batch "
                + (status.getBatchesStarted() == null ? 0 : status.getBatchesStarted())
                + ": "
                + status.getProgress()
                + " instance(s) succeeded"
                + (status.getOverview() != null && status.getOverview().getFailed() > 0
                    ? ", " + status.getOverview().getFailed() + " failed"
                    : "")
                + (status.getErrorInformation() != null ? "; ending: " + failure : "");
        c.set(Conditions.READY, false, "RollingOut", message)
            .set(Conditions.PROGRESSING, true, "RollingOut", message)
            .set(
                Conditions.DEGRADED,
                status.getErrorInformation() != null
                    && status.getErrorInformation().getCode()
                        != io.fleetdeploy.api.v1alpha1.ErrorCode.MANUAL_STOP,
                status.getErrorInformation() == null ? "Healthy" : reason(status),
                status.getErrorInformation() == null ? "No failure so far." : failure);
      }
      case Created, Queued -> {
        String reason = waiting.map(DeploymentStarter.Waiting::reason).orElse("Starting");
        String message =
            waiting.map(DeploymentStarter.Waiting::message).orElse("The deployment is starting.");
        c.set(Conditions.READY, false, reason, message)
            .set(Conditions.PROGRESSING, true, reason, message)
            .set(Conditions.DEGRADED, false, "Healthy", "Nothing has failed.");
      }
    }
    error.ifPresent(e -> c.set(Conditions.PROGRESSING, true, "RetryingAfterError", e));
    StageDriver.condition(c, status);
    return c;
  }

  /** The error code as a condition reason: HEALTH_CONSTRAINTS becomes HealthConstraints. */
  private static String reason(DeploymentStatus status) {
    if (status.getErrorInformation() == null) {
      return "Failed";
    }
    StringBuilder out = new StringBuilder();
    for (String part : status.getErrorInformation().getCode().name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }
}
