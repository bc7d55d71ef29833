package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentCreator;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.controller.policy.FleetPolicies;
import io.fleetdeploy.fleet.Fleet;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.InstanceState;
import io.fleetdeploy.rollout.DeploymentConfiguration;
import io.fleetdeploy.rollout.Health;
import io.fleetdeploy.rollout.InstanceProgress;
import io.fleetdeploy.rollout.StartCheck;
import io.fleetdeploy.rollout.StartVerdict;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Takes a Deployment from Created or Queued to InProgress, or fails it before any host is touched:
 * the group must exist, the Deployment must be first in its group's queue, the revision must be
 * there with a valid AppSpec, the targets must exist and the minimum healthy hosts must leave
 * something to deploy to.
 */
final class DeploymentStarter {
  private final Fleet fleet;
  private final RevisionPreparer preparer;
  private final DeploymentMemory memory;
  private final FleetPolicies policies;
  private final Clock clock;

  DeploymentStarter(
      Fleet fleet,
      RevisionPreparer preparer,
      DeploymentMemory memory,
      FleetPolicies policies,
      Clock clock) {
    this.fleet = fleet;
    this.policies = policies;
    this.preparer = preparer;
    this.memory = memory;
    this.clock = clock;
  }

  /**
   * Tries to start. Leaves the deployment InProgress, finished (failed), or waiting with a {@link
   * Waiting} reason when something outside it must change first.
   */
  Optional<Waiting> tryStart(
      Deployment deployment,
      DeploymentGroup group,
      Collection<Deployment> peers,
      DeploymentProgress progress) {
    DeploymentCreator creator = Creators.of(deployment);
    progress.creator(creator);
    String groupName = deployment.getSpec().getDeploymentGroupRef().getName();
    if (group == null) {
      progress.waiting();
      return Optional.of(
          new Waiting(
              DeploymentReconciler.GROUP_NOT_FOUND,
              "DeploymentGroup "
                  + groupName
                  + " does not exist in this namespace; the deployment starts when it does"));
    }
    DeploymentSettings settings;
    try {
      settings = DeploymentSettings.resolve(deployment, group);
    } catch (InvalidSpecException e) {
      fail(progress, ErrorCode.INVALID_DEPLOYMENT_GROUP, e.getMessage());
      return Optional.empty();
    }
    if (Boolean.TRUE.equals(deployment.getSpec().getStop())) {
      progress.error(
          ErrorCode.MANUAL_STOP,
          "stopped before it started (spec.stop)"
              + superseded(deployment).map(by -> ": superseded by " + by).orElse(""));
      progress.finish(io.fleetdeploy.api.v1alpha1.DeploymentPhase.Stopped, clock.instant());
      progress.event(EventReason.Stopped, "Stopped before it started");
      return Optional.empty();
    }
    if (progress.queueSequence().isEmpty()) {
      progress.queueSequence(QueuePosition.sequenceAtFirstSight(deployment));
    }
    Optional<Deployment> ahead = QueuePosition.behind(deployment, peers);
    if (ahead.isPresent()) {
      boolean newlyQueued = progress.phase() != io.fleetdeploy.api.v1alpha1.DeploymentPhase.Queued;
      progress.queued(ahead.map(d -> d.getMetadata().getName()));
      if (newlyQueued) {
        progress.event(
            EventReason.Queued,
            "Queued behind "
                + ahead.get().getMetadata().getName()
                + ": one deployment runs per group at a time");
      }
      return Optional.of(
          new Waiting(
              "Queued",
              "Queued behind Deployment "
                  + ahead.get().getMetadata().getName()
                  + " of group "
                  + groupName
                  + ": one deployment runs per group at a time"));
    }
    if (Boolean.TRUE.equals(group.getSpec().getPaused())
        && creator != DeploymentCreator.AUTOSCALING) {
      progress.queued(Optional.empty());
      return Optional.of(
          new Waiting(
              "GroupPaused",
              "DeploymentGroup "
                  + groupName
                  + " is paused (spec.paused); the deployment starts when it is resumed"));
    }

    // Before the bundle is fetched or a target looked up: the platform team's FleetPolicies.
    Optional<String> refused =
        policies.refusal(group, Optional.of(deployment.getSpec().getRevision()));
    if (refused.isPresent()) {
      fail(progress, ErrorCode.POLICY_VIOLATION, refused.get());
      return Optional.empty();
    }

    PreparedRevision revision;
    try {
      DeploymentSettings resolved = settings;
      revision =
          memory
              .of(deployment.getMetadata().getUid())
              .prepared(() -> preparer.prepare(deployment, group, resolved, Optional.empty()));
    } catch (RevisionRejected e) {
      fail(progress, e.code(), e.getMessage());
      return Optional.empty();
    }

    List<FleetInstance> targetInstances;
    try {
      targetInstances = targets(deployment, settings, creator);
    } catch (FleetException e) {
      if (e.error().retryable()) {
        throw e;
      }
      fail(
          progress,
          e.error() == FleetError.AUTO_SCALING_CONFIGURATION
              ? ErrorCode.AUTO_SCALING_CONFIGURATION
              : ErrorCode.INVALID_DEPLOYMENT_GROUP,
          e.getMessage());
      return Optional.empty();
    }
    List<String> targets = targetInstances.stream().map(FleetInstance::id).toList();
    Set<String> stopped =
        targetInstances.stream()
            .filter(i -> !i.state().reachable())
            .map(FleetInstance::id)
            .collect(java.util.stream.Collectors.toSet());
    boolean subset =
        deployment.getSpec().getInstanceIds() != null
            && !deployment.getSpec().getInstanceIds().isEmpty();
    if (targets.isEmpty() && subset && creator != DeploymentCreator.USER) {
      // A rollback, follow-up or launch whose instances all left the fleet meanwhile: nothing to
      // do.
      progress.finishWithNothingToDo(revision.pinned(), clock.instant());
      progress.event(
          EventReason.Succeeded,
          "Nothing to do: none of the "
              + deployment.getSpec().getInstanceIds().size()
              + " instance(s) it was for is in the fleet any more");
      return Optional.empty();
    }
    DeploymentConfiguration configuration =
        configuration(settings, creator, subset, targets.size());
    StartVerdict verdict = StartCheck.evaluate(configuration, targets.size());
    if (verdict instanceof StartVerdict.Rejected rejected) {
      fail(progress, RolloutErrors.code(rejected.errorCode()), rejected.message());
      return Optional.empty();
    }
    int minimum = ((StartVerdict.Accepted) verdict).minimumHealthyHosts();
    List<InstanceProgress> ordered =
        InstanceOrder.of(targets, stopped, group, peers, revision.pinned().getSha256());
    int unhealthy =
        (int) ordered.stream().filter(i -> i.healthBefore() == Health.UNHEALTHY).count();
    progress.start(
        revision.pinned(),
        configuration.equals(settings.configuration())
            ? settings.configurationText()
            : configuration.name()
                + " (for "
                + targets.size()
                + " instance(s) of "
                + settings.configurationText()
                + ")",
        minimum,
        ordered.stream().map(InstanceProgress::id).toList(),
        unhealthy,
        stopped,
        clock.instant());
    StageDriver.recordZones(progress, settings, targetInstances);
    if (creator == DeploymentCreator.ROLLBACK) {
      progress.rollbackInfo(null, annotation(deployment, Labels.ROLLBACK_OF), null);
    }
    progress.event(
        EventReason.Started,
        "Rolling out "
            + revision.pinned().getSummary()
            + " to "
            + targets.size()
            + " instance(s), "
            + settings.configurationText()
            + ", minimum healthy "
            + minimum
            + (stopped.isEmpty()
                ? ""
                : "; " + stopped.size() + " of them stopped, counted as failed (CodeDeploy's rule)")
            + (revision.warnings().isEmpty()
                ? ""
                : "; AppSpec warnings:\n" + String.join("\n", revision.warnings())));
    return Optional.empty();
  }

  /**
   * The group's configuration, except where it cannot make sense: an Auto Scaling launch deploys to
   * an instance that is not in service yet (no healthy count to keep: AllAtOnce), and a rollback or
   * follow-up to a few of the group's instances keeps all but one of them healthy when the group's
   * minimum would leave none to deploy to.
   */
  private static DeploymentConfiguration configuration(
      DeploymentSettings settings, DeploymentCreator creator, boolean subset, int instances) {
    if (creator == DeploymentCreator.AUTOSCALING) {
      return DeploymentConfiguration.ALL_AT_ONCE;
    }
    boolean tooStrict =
        StartCheck.evaluate(settings.configuration(), instances) instanceof StartVerdict.Rejected r
            && r.errorCode() == io.fleetdeploy.rollout.RolloutErrorCode.HEALTH_CONSTRAINTS_INVALID;
    if (subset && tooStrict && creator != DeploymentCreator.USER) {
      return DeploymentConfiguration.ONE_AT_A_TIME;
    }
    return settings.configuration();
  }

  /**
   * The instances to deploy to, by id. Stopped instances are targets, as in CodeDeploy (they count
   * as failed); terminated and shutting-down ones are not.
   */
  private List<FleetInstance> targets(
      Deployment deployment, DeploymentSettings settings, DeploymentCreator creator) {
    List<FleetInstance> found = fleet.findTargets(settings.targets());
    List<String> only = deployment.getSpec().getInstanceIds();
    Set<String> wanted = only == null || only.isEmpty() ? null : new HashSet<>(only);
    return found.stream()
        .filter(
            i ->
                i.state().reachable()
                    || i.state() == InstanceState.STOPPED
                    || i.state() == InstanceState.STOPPING)
        .filter(i -> wanted == null || wanted.contains(i.id()))
        // Instances held by a lifecycle hook get their own launch deployment; a group rollout
        // leaves them alone unless it is that launch deployment.
        .filter(
            i ->
                creator == DeploymentCreator.AUTOSCALING
                    || i.lifecycleState().map(s -> !s.endsWith(":Wait")).orElse(true))
        .sorted(java.util.Comparator.comparing(FleetInstance::id))
        .toList();
  }

  private void fail(DeploymentProgress progress, ErrorCode code, String message) {
    progress.failBeforeStart(code, message, clock.instant());
    progress.event(EventReason.Failed, code + ": " + message);
  }

  static Optional<String> superseded(Deployment deployment) {
    return Optional.ofNullable(annotation(deployment, Labels.SUPERSEDED_BY));
  }

  private static String annotation(Deployment deployment, String key) {
    var annotations = deployment.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** Why a deployment has not started yet, for its conditions. */
  record Waiting(String reason, String message) {}
}
