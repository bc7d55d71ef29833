package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.HookState;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.api.v1alpha1.OutdatedInstances;
import io.fleetdeploy.controller.Conditions;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.EventRecorder;
import io.fleetdeploy.controller.GroupInventory;
import io.fleetdeploy.controller.StatusUpdater;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one writer of a DeploymentGroup's status. Its conditions follow the kstatus conventions Argo
 * CD and Flux read: Ready (the fleet, instance by instance, runs the declared revision, and all is
 * well), Progressing (a deployment runs or waits), Degraded (something needs a person: a failed
 * rollout, rolled back or not, until another revision is declared or a retry is asked; failing
 * launches; an Auto Scaling group that is missing or claimed by another group; targets the fleet
 * cannot resolve).
 */
public final class GroupStatusWriter {
  // Condition reasons of a group; the two failure reasons are read by the Application's status.
  public static final String ROLLED_BACK = "RolledBack";
  public static final String DEPLOYMENT_FAILED = "DeploymentFailed";
  static final String LAUNCHES_FAILING = "LaunchesFailing";
  static final String NOT_CONVERGED = "NotConverged";
  static final String CONVERGED = "Converged";
  static final String POLICY_VIOLATION = "PolicyViolation";

  record Problems(
      Optional<String> targets,
      boolean applicationExists,
      LaunchKeeper.LaunchState launches,
      Set<String> held,
      Optional<String> policy) {

    /** The namespace's FleetPolicies refuse the group: nothing else was looked at. */
    static Problems refused(String why, boolean applicationExists) {
      return new Problems(
          Optional.empty(),
          applicationExists,
          new LaunchKeeper.LaunchState(0, false, List.of()),
          Set.of(),
          Optional.of(why));
    }
  }

  private record Reason(String reason, String message) {}

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

  StatusUpdater.Outcome write(
      DeploymentGroup group,
      DeploymentGroupStatus previous,
      DeploymentGroupStatus status,
      GroupDeployments mine,
      Problems problems,
      GroupEvents pending) {
    long generation = group.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    boolean wasDegradedByLaunches =
        previous.getConditions() != null
            && previous.getConditions().stream()
                .anyMatch(
                    c ->
                        Conditions.DEGRADED.equals(c.getType())
                            && LAUNCHES_FAILING.equals(c.getReason()));
    if (problems.launches().degraded() && !wasDegradedByLaunches) {
      pending.add(EventReason.LaunchesDegraded, launchMessage(group, problems.launches()));
    }
    status.setConditions(
        conditions(group, previous, status, mine, problems).build(generation, clock.instant()));
    StatusUpdater.Outcome outcome = updater.update(group, status);
    if (outcome != StatusUpdater.Outcome.CONFLICT) {
      pending.all().forEach(e -> events.record(group, e.reason(), e.message()));
    }
    return outcome;
  }

  private static Conditions conditions(
      DeploymentGroup group,
      DeploymentGroupStatus previous,
      DeploymentGroupStatus status,
      GroupDeployments mine,
      Problems problems) {
    Conditions c = new Conditions(previous.getConditions());
    Optional<Reason> degraded = degraded(group, status, mine, problems);
    if (degraded.isPresent()) {
      c.set(Conditions.DEGRADED, true, degraded.get().reason(), degraded.get().message());
    } else {
      c.set(Conditions.DEGRADED, false, "Healthy", "Nothing needs attention.");
    }
    List<Deployment> running =
        mine.unfinished().stream().filter(d -> !GroupDeployments.launch(d)).toList();
    if (!running.isEmpty()) {
      // Not its progress: the group's status would be written again at every batch for nothing
      // (the Deployment's own status has the progress).
      String what =
          mine.active()
              .map(
                  d ->
                      "Deployment "
                          + d.getMetadata().getName()
                          + " is rolling out"
                          + (d.getStatus().getRevision() == null
                              ? ""
                              : " " + d.getStatus().getRevision().getSummary()))
              .orElse(running.size() + " deployment(s) waiting to start");
      c.set(Conditions.PROGRESSING, true, "Deploying", what + ".");
      c.set(Conditions.READY, false, "Deploying", what + ".");
      return c;
    }
    c.set(Conditions.PROGRESSING, false, "Idle", "No deployment is running or queued.");
    Optional<String> outdated = outdated(status, problems.held());
    boolean ignoreOutdated = group.getSpec().getOutdatedInstances() == OutdatedInstances.Ignore;
    if (!problems.applicationExists()) {
      c.set(
          Conditions.READY,
          false,
          "ApplicationNotFound",
          "Application "
              + group.getSpec().getApplicationRef().getName()
              + " does not exist in this namespace.");
    } else if (degraded.isPresent()) {
      c.set(Conditions.READY, false, degraded.get().reason(), degraded.get().message());
    } else if (!GroupRevisions.converged(group, mine)) {
      c.set(
          Conditions.READY,
          false,
          NOT_CONVERGED,
          "The declared revision "
              + DesiredRevision.describe(group.getSpec().getRevision())
              + " is not deployed yet.");
    } else if (status.getLastSuccessfulRevision() == null) {
      c.set(
          Conditions.READY,
          true,
          "NothingDeployed",
          "Nothing deployed yet; " + count(status) + " target instance(s).");
    } else if (outdated.isPresent() && !ignoreOutdated) {
      c.set(Conditions.READY, false, NOT_CONVERGED, outdated.get());
    } else {
      c.set(
          Conditions.READY,
          true,
          CONVERGED,
          "The fleet ("
              + count(status)
              + " instance(s)) runs "
              + status.getLastSuccessfulRevision().getSummary()
              + "."
              + outdated
                  .map(o -> " Left as they are (outdatedInstances: Ignore): " + o)
                  .orElse(""));
    }
    return c;
  }

  /**
   * Which instances, by the inventory, do not run the last successful revision (instances held in a
   * launch hook are being served by their launch deployments and do not count yet).
   */
  private static Optional<String> outdated(DeploymentGroupStatus status, Set<String> held) {
    if (status.getLastSuccessfulRevision() == null || !GroupInventory.present(status)) {
      return Optional.empty();
    }
    String revision = InstanceInventory.shortDigest(status.getLastSuccessfulRevision().getSha256());
    List<InstanceInventoryEntry> inventory = GroupInventory.of(status);
    List<InstanceInventoryEntry> off =
        inventory.stream()
            .filter(e -> !held.contains(e.getId()))
            .filter(e -> !revision.equals(e.getRevision()))
            .toList();
    if (off.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder which = new StringBuilder();
    off.stream()
        .limit(5)
        .forEach(
            e ->
                which
                    .append(which.length() == 0 ? "" : ", ")
                    .append(e.getId())
                    .append(" (")
                    .append(
                        e.getRevision() == null || e.getRevision().isEmpty()
                            ? "revision unknown"
                            : "runs " + e.getRevision())
                    .append(")"));
    return Optional.of(
        off.size()
            + " of "
            + inventory.size()
            + " instance(s) do not run "
            + status.getLastSuccessfulRevision().getSummary()
            + ": "
            + which
            + (off.size() > 5 ? ", …" : "")
            + ".");
  }

  private static Optional<Reason> degraded(
      DeploymentGroup group,
      DeploymentGroupStatus status,
      GroupDeployments mine,
      Problems problems) {
    if (problems.policy().isPresent()) {
      return Optional.of(new Reason(POLICY_VIOLATION, problems.policy().get()));
    }
    if (problems.targets().isPresent()) {
      return Optional.of(new Reason("TargetsUnavailable", problems.targets().get()));
    }
    if (status.getLifecycleHooks() != null) {
      for (LifecycleHookStatus hook : status.getLifecycleHooks()) {
        if (hook.getState() == HookState.Refused) {
          return Optional.of(new Reason("AutoScalingGroupClaimed", hook.getMessage()));
        }
        if (hook.getState() == HookState.Missing) {
          return Optional.of(new Reason("AutoScalingGroupNotFound", hook.getMessage()));
        }
      }
    }
    if (problems.launches().degraded()) {
      return Optional.of(new Reason(LAUNCHES_FAILING, launchMessage(group, problems.launches())));
    }
    return mine.newestRollout()
        .filter(GroupDeployments::finished)
        .filter(d -> d.getStatus().getPhase() == DeploymentPhase.Failed || stoppedByAlarm(d))
        .map(d -> failed(d, mine));
  }

  /** A stop by an alarm is a failure of the revision, unlike a stop on request. */
  private static boolean stoppedByAlarm(Deployment d) {
    return d.getStatus().getPhase() == DeploymentPhase.Stopped
        && d.getStatus().getErrorInformation() != null
        && d.getStatus().getErrorInformation().getCode() == ErrorCode.ALARM_ACTIVE;
  }

  /** The newest rollout failed: rolled back (and how that went), or not. */
  private static Reason failed(Deployment d, GroupDeployments mine) {
    String what =
        "Deployment "
            + d.getMetadata().getName()
            + (d.getStatus().getRevision() == null
                ? ""
                : " of " + d.getStatus().getRevision().getSummary())
            + (stoppedByAlarm(d) ? " was stopped by an alarm" : " failed")
            + (d.getStatus().getErrorInformation() == null
                ? ""
                : " ("
                    + d.getStatus().getErrorInformation().getCode()
                    + ": "
                    + d.getStatus().getErrorInformation().getMessage()
                    + ")");
    String next = " Declare another revision, or raise spec.retry to try this one again.";
    Optional<Deployment> rollback =
        Optional.ofNullable(d.getStatus().getRollbackInfo())
            .map(r -> r.getRollbackDeployment())
            .flatMap(mine::named);
    if (rollback.isPresent()
        && rollback.get().getStatus() != null
        && rollback.get().getStatus().getPhase() == DeploymentPhase.Succeeded) {
      String to =
          rollback.get().getStatus().getRevision() == null
              ? "the last successful revision"
              : rollback.get().getStatus().getRevision().getSummary();
      return new Reason(
          ROLLED_BACK,
          what
              + " and was rolled back to "
              + to
              + " by "
              + rollback.get().getMetadata().getName()
              + "."
              + next);
    }
    String rolledBack =
        rollback
            .map(
                r ->
                    "; its rollback "
                        + r.getMetadata().getName()
                        + " "
                        + (r.getStatus() == null || r.getStatus().getPhase() == null
                            ? "has not finished"
                            : "ended " + r.getStatus().getPhase()))
            .orElse("");
    return new Reason(DEPLOYMENT_FAILED, what + rolledBack + "." + next);
  }

  private static String launchMessage(DeploymentGroup group, LaunchKeeper.LaunchState launches) {
    boolean breakGlass =
        group.getSpec().getAutoScaling() != null
            && Boolean.TRUE.equals(group.getSpec().getAutoScaling().getContinueWhenDegraded());
    return launches.consecutiveFailures()
        + " Auto Scaling launches in a row failed to deploy; new instances are "
        + (breakGlass
            ? "let into service without a deployment (continueWhenDegraded)"
            : "no longer deployed to and abandoned, which would only feed a launch/terminate loop: they are held in"
                + " their lifecycle hook (with heartbeats, as long as Auto Scaling allows). Fix the revision (a new"
                + " successful rollout clears this), or set spec.autoScaling.continueWhenDegraded to let them in as"
                + " they are");
  }

  private static int count(DeploymentGroupStatus status) {
    return status.getInstanceCount() == null ? 0 : status.getInstanceCount();
  }
}
