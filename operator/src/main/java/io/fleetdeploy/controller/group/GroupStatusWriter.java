package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.controller.Conditions;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.EventRecorder;
import io.fleetdeploy.controller.StatusUpdater;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The one writer of a DeploymentGroup's status. Its conditions follow the kstatus conventions Argo
 * CD and Flux read: Ready (converged to the declared revision and healthy), Progressing (a
 * deployment runs or waits), Degraded (something needs a person: a failed rollout, failing
 * launches, an Auto Scaling group that is missing or claimed by another group, targets the fleet
 * cannot resolve).
 */
final class GroupStatusWriter {
  record Problems(Optional<String> targets, boolean applicationExists, LaunchKeeper.LaunchState launches) {}

  private final StatusUpdater updater;
  private final EventRecorder events;
  private final Clock clock;

  GroupStatusWriter(StatusUpdater updater, EventRecorder events, Clock clock) {
    this.updater = updater;
    this.events = events;
    this.clock = clock;
  }

  /** The newest copy of the group this writer knows: its own last write, if the cache lags. */
  DeploymentGroup latest(DeploymentGroup fromCache) {
    return updater.latest(fromCache);
  }

  void forget(DeploymentGroup group) {
    updater.forget(group);
  }

  StatusUpdater.Outcome write(DeploymentGroup group, DeploymentGroupStatus previous, DeploymentGroupStatus status,
      GroupDeployments mine, Problems problems, GroupEvents pending) {
    long generation = group.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    boolean wasDegradedByLaunches = previous.getConditions() != null && previous.getConditions().stream()
        .anyMatch(c -> Conditions.DEGRADED.equals(c.getType()) && "LaunchesFailing".equals(c.getReason()));
    if (problems.launches().degraded() && !wasDegradedByLaunches) {
      pending.add(EventReason.LaunchesDegraded, launchMessage(group, problems.launches()));
    }
    status.setConditions(conditions(group, previous, status, mine, problems).build(generation, clock.instant()));
    StatusUpdater.Outcome outcome = updater.update(group, status);
    if (outcome != StatusUpdater.Outcome.CONFLICT) {
      pending.all().forEach(e -> events.record(group, e.reason(), e.message()));
    }
    return outcome;
  }

  private static Conditions conditions(DeploymentGroup group, DeploymentGroupStatus previous,
      DeploymentGroupStatus status, GroupDeployments mine, Problems problems) {
    Conditions c = new Conditions(previous.getConditions());
    Optional<String[]> degraded = degraded(group, status, mine, problems);
    if (degraded.isPresent()) {
      c.set(Conditions.DEGRADED, true, degraded.get()[0], degraded.get()[1]);
    } else {
      c.set(Conditions.DEGRADED, false, "Healthy", "Nothing needs attention.");
    }
    List<Deployment> running = mine.unfinished().stream().filter(d -> !GroupDeployments.launch(d)).toList();
    if (!running.isEmpty()) {
      // Not its progress: the group's status would be written again at every batch for nothing
      // (the Deployment's own status has the progress).
      String what = mine.active().map(d -> "Deployment " + d.getMetadata().getName() + " is rolling out"
          + (d.getStatus().getRevision() == null ? "" : " " + d.getStatus().getRevision().getSummary()))
          .orElse(running.size() + " deployment(s) waiting to start");
      c.set(Conditions.PROGRESSING, true, "Deploying", what + ".");
      c.set(Conditions.READY, false, "Deploying", what + ".");
      return c;
    }
    c.set(Conditions.PROGRESSING, false, "Idle", "No deployment is running or queued.");
    if (!problems.applicationExists()) {
      c.set(Conditions.READY, false, "ApplicationNotFound", "Application " + group.getSpec().getApplicationRef()
          .getName() + " does not exist in this namespace.");
    } else if (degraded.isPresent()) {
      c.set(Conditions.READY, false, degraded.get()[0], degraded.get()[1]);
    } else if (!GroupRevisions.converged(group, mine)) {
      c.set(Conditions.READY, false, "NotConverged", "The declared revision "
          + DesiredRevision.describe(group.getSpec().getRevision()) + " is not deployed yet.");
    } else if (status.getLastSuccessfulRevision() == null) {
      c.set(Conditions.READY, true, "NothingDeployed", "Nothing deployed yet; " + count(status) + " target instance(s).");
    } else {
      c.set(Conditions.READY, true, "Converged", "The fleet (" + count(status) + " instance(s)) runs "
          + status.getLastSuccessfulRevision().getSummary() + ".");
    }
    return c;
  }

  private static Optional<String[]> degraded(DeploymentGroup group, DeploymentGroupStatus status,
      GroupDeployments mine, Problems problems) {
    if (problems.targets().isPresent()) {
      return Optional.of(new String[] {"TargetsUnavailable", problems.targets().get()});
    }
    if (status.getLifecycleHooks() != null) {
      for (LifecycleHookStatus hook : status.getLifecycleHooks()) {
        if ("Refused".equals(hook.getState())) {
          return Optional.of(new String[] {"AutoScalingGroupClaimed", hook.getMessage()});
        }
        if ("Missing".equals(hook.getState())) {
          return Optional.of(new String[] {"AutoScalingGroupNotFound", hook.getMessage()});
        }
      }
    }
    if (problems.launches().degraded()) {
      return Optional.of(new String[] {"LaunchesFailing", launchMessage(group, problems.launches())});
    }
    Optional<Deployment> last = mine.lastFinished();
    if (last.isPresent() && last.get().getStatus().getPhase() != DeploymentPhase.Succeeded) {
      Deployment d = last.get();
      return Optional.of(new String[] {"DeploymentFailed", "Deployment " + d.getMetadata().getName() + " ended "
          + d.getStatus().getPhase() + (d.getStatus().getErrorInformation() == null ? ""
              : ": " + d.getStatus().getErrorInformation().getCode() + " " + d.getStatus().getErrorInformation().getMessage())});
    }
    return Optional.empty();
  }

  private static String launchMessage(DeploymentGroup group, LaunchKeeper.LaunchState launches) {
    boolean breakGlass = group.getSpec().getAutoScaling() != null
        && Boolean.TRUE.equals(group.getSpec().getAutoScaling().getContinueWhenDegraded());
    return launches.consecutiveFailures() + " Auto Scaling launches in a row failed to deploy; new instances are "
        + (breakGlass ? "let into service without a deployment (continueWhenDegraded)"
            : "no longer deployed to and abandoned, which would only feed a launch/terminate loop: they wait in their "
                + "lifecycle hook. Fix the revision (a new successful rollout clears this), or set "
                + "spec.autoScaling.continueWhenDegraded to let them in as they are");
  }

  private static int count(DeploymentGroupStatus status) {
    return status.getInstanceCount() == null ? 0 : status.getInstanceCount();
  }
}
