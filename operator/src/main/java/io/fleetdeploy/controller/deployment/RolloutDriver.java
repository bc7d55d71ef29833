package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.fleet.Fleet;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.RevisionStore;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.HostPlanCodec;
import io.fleetdeploy.rollout.BatchPollSchedule;
import io.fleetdeploy.rollout.RolloutDecider;
import io.fleetdeploy.rollout.RolloutDecision;
import io.fleetdeploy.rollout.RolloutOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves a running deployment on: reads its hosts' results, asks the rollout logic what next, and
 * does it (start a batch, skip instances, finish, roll back). Every send names the deployment and
 * batch, and the decision is a pure function of status, so a restart anywhere repeats no host.
 */
final class RolloutDriver {
  private static final int MAX_FAILURE_EVENTS = 20;

  private final HostExecutor executor;
  private final Fleet fleet;
  private final RevisionStore revisions;
  private final RevisionPreparer preparer;
  private final RollbackLauncher rollbacks;
  private final Timing timing;
  private final Clock clock;
  private final RolloutDecider decider = new RolloutDecider();
  private final Map<String, Instant> lastInstanceCheck = new ConcurrentHashMap<>();
  private final Map<String, BatchPollSchedule> pollSchedules = new ConcurrentHashMap<>();

  RolloutDriver(HostExecutor executor, Fleet fleet, RevisionStore revisions, RevisionPreparer preparer,
      RollbackLauncher rollbacks, Timing timing, Clock clock) {
    this.executor = executor;
    this.fleet = fleet;
    this.revisions = revisions;
    this.preparer = preparer;
    this.rollbacks = rollbacks;
    this.timing = timing;
    this.clock = clock;
  }

  void advance(Deployment deployment, DeploymentGroup group, DeploymentProgress progress) {
    if (group == null) {
      finish(deployment, group, progress, DeploymentPhase.Failed, ErrorCode.INVALID_DEPLOYMENT_GROUP,
          "DeploymentGroup " + deployment.getSpec().getDeploymentGroupRef().getName()
              + " was deleted while the deployment ran; no further batch was started");
      return;
    }
    DeploymentSettings settings = DeploymentSettings.resolve(deployment, group);
    PreparedRevision revision = preparer.prepare(deployment, group, settings,
        Optional.ofNullable(progress.status().getRevision()));
    collectResults(deployment, progress);
    checkInstancesStillThere(deployment, progress);

    boolean stop = Boolean.TRUE.equals(deployment.getSpec().getStop()) || progress.stopRecorded();
    RolloutDecision decision = decider.decide(progress.snapshot(stop));
    if (decision instanceof RolloutDecision.StartBatch start) {
      startBatch(deployment, progress, revision, start);
    } else if (decision instanceof RolloutDecision.Halt halt) {
      progress.skip(halt.idsToSkip(), skipMessage(halt.outcome()));
      if (progress.status().getErrorInformation() == null) {
        progress.error(ErrorCode.valueOf(halt.errorCode().name()), halt.message());
        progress.event(halt.outcome() == RolloutOutcome.STOPPED ? EventReason.Stopped : EventReason.Failed,
            halt.message() + "; waiting for " + halt.inProgress().size() + " instance(s) in progress to finish");
      }
    } else if (decision instanceof RolloutDecision.Finish end) {
      progress.skip(end.idsToSkip(), skipMessage(end.outcome()));
      DeploymentPhase phase = switch (end.outcome()) {
        case SUCCEEDED -> DeploymentPhase.Succeeded;
        case FAILED -> DeploymentPhase.Failed;
        case STOPPED -> DeploymentPhase.Stopped;
      };
      finish(deployment, group, progress, phase,
          end.errorCode().map(c -> ErrorCode.valueOf(c.name())).orElse(null), end.message());
    }
  }

  /** When to look at the hosts again (see {@link BatchPollSchedule}). */
  Duration nextPoll(Deployment deployment) {
    BatchPollSchedule schedule = pollSchedules.get(deployment.getMetadata().getUid());
    return schedule == null ? timing.pollInterval() : schedule.next(clock.instant());
  }

  private void collectResults(Deployment deployment, DeploymentProgress progress) {
    List<String> commands = progress.activeCommands();
    if (commands.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Map<String, InstanceStatus> outcomes = new java.util.LinkedHashMap<>();
    for (Invocation invocation : executor.invocations(commands)) {
      InstanceStatus instance = progress.instance(invocation.instanceId());
      if (instance != null && instance.getStatus() == ExecutionStatus.InProgress && invocation.state().done()) {
        outcomes.put(invocation.instanceId(), HostResults.outcome(invocation, timing.deliveryTimeout()));
      }
    }
    // A host that failed without a word from the runner may simply be gone: say so if it is.
    List<String> silent = outcomes.entrySet().stream()
        .filter(e -> e.getValue().getStatus() == ExecutionStatus.Failed && e.getValue().getEvents() == null)
        .map(Map.Entry::getKey).toList();
    if (!silent.isEmpty()) {
      Map<String, FleetInstance> current = fleet.describe(silent);
      for (String id : silent) {
        FleetInstance instance = current.get(id);
        if (instance == null || !instance.state().reachable()) {
          outcomes.put(id, HostResults.failed(HostResults.INSTANCE_TERMINATED, "the instance is "
              + (instance == null ? "gone" : instance.state().name().toLowerCase().replace('_', '-'))
              + "; it left the fleet during the deployment (" + outcomes.get(id).getMessage() + ")"));
        }
      }
    }
    outcomes.forEach((id, outcome) -> {
      progress.finishInstance(id, outcome, now);
      if (outcome.getStatus() == ExecutionStatus.Failed && failedSoFar(progress) <= MAX_FAILURE_EVENTS) {
        progress.event(EventReason.InstanceFailed, id + ": " + outcome.getMessage());
      }
    });
    BatchPollSchedule schedule = pollSchedules.get(deployment.getMetadata().getUid());
    if (schedule != null) {
      schedule.looked(now, progress.inProgress().isEmpty());
    }
    List<String> stillActive = progress.activeCommands();
    executor.forget(commands.stream().filter(c -> !stillActive.contains(c)).toList());
  }

  /** Instances in progress that stopped or terminated fail now instead of at the command's timeout. */
  private void checkInstancesStillThere(Deployment deployment, DeploymentProgress progress) {
    List<String> inProgress = progress.inProgress();
    if (inProgress.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Instant last = lastInstanceCheck.putIfAbsent(deployment.getMetadata().getUid(), now);
    if (last == null || last.plus(timing.instanceCheckInterval()).isAfter(now)) {
      return;
    }
    lastInstanceCheck.put(deployment.getMetadata().getUid(), now);
    Map<String, FleetInstance> current = fleet.describe(inProgress);
    for (String id : inProgress) {
      FleetInstance instance = current.get(id);
      if (instance == null || !instance.state().reachable()) {
        String state = instance == null ? "gone" : instance.state().name().toLowerCase().replace('_', '-');
        InstanceStatus outcome = HostResults.failed(HostResults.INSTANCE_TERMINATED,
            "the instance is " + state + "; it left the fleet during the deployment");
        progress.finishInstance(id, outcome, now);
        progress.event(EventReason.InstanceFailed, id + ": " + outcome.getMessage());
      }
    }
  }

  private void startBatch(Deployment deployment, DeploymentProgress progress, PreparedRevision revision,
      RolloutDecision.StartBatch start) {
    progress.startBatch(start.batchNumber(), start.instanceIds(), clock.instant());
    pollSchedules.computeIfAbsent(deployment.getMetadata().getUid(), uid -> new BatchPollSchedule(timing.pollInterval()))
        .batchStarted(clock.instant());
    String url = revisions.hostDownloadUrl(revision.bundle(), timing.downloadUrlValidity()
        .plus(revision.executionTimeout())).toString();
    HostPlan plan = revision.plan(url);
    List<String> commands = executor.send(new HostExecutor.HostCommand(RevisionPreparer.deploymentId(deployment),
        start.batchNumber(), HostPlanCodec.toJson(plan), timing.deliveryTimeout(), revision.executionTimeout(),
        java.time.Instant.parse(progress.status().getStartTime())),
        start.instanceIds());
    progress.recordCommands(start.batchNumber(), commands);
    progress.event(EventReason.BatchStarted, "Batch " + start.batchNumber() + ": "
        + start.instanceIds().size() + " instance(s)" + preview(start.instanceIds()));
  }

  private void finish(Deployment deployment, DeploymentGroup group, DeploymentProgress progress,
      DeploymentPhase phase, ErrorCode code, String message) {
    if (code != null) {
      progress.error(code, message);
    }
    progress.finish(phase, clock.instant());
    preparer.forget(deployment);
    lastInstanceCheck.remove(deployment.getMetadata().getUid());
    pollSchedules.remove(deployment.getMetadata().getUid());
    switch (phase) {
      case Succeeded -> progress.event(EventReason.Succeeded, message);
      case Stopped -> progress.event(EventReason.Stopped, message);
      default -> progress.event(EventReason.Failed, (code == null ? "" : code + ": ") + message);
    }
    if (phase != DeploymentPhase.Succeeded && group != null) {
      rollbacks.maybeRollBack(deployment, group, progress);
    }
  }

  private static long failedSoFar(DeploymentProgress progress) {
    return progress.instances().stream().filter(i -> i.getStatus() == ExecutionStatus.Failed).count();
  }

  private static String skipMessage(RolloutOutcome outcome) {
    return outcome == RolloutOutcome.STOPPED ? "not deployed: the deployment was stopped"
        : "not deployed: the deployment failed before reaching this instance";
  }

  private static String preview(List<String> ids) {
    int shown = Math.min(5, ids.size());
    return ": " + String.join(", ", ids.subList(0, shown)) + (ids.size() > shown ? ", …" : "");
  }
}
