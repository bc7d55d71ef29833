package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.hostplan.TrafficParts;
import io.fleetdeploy.rollout.RolloutDecision;
import io.fleetdeploy.rollout.RolloutOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Moves a running deployment on: records what was sent, reads its hosts' results, asks the rollout
 * logic what next, and does it (mark a batch to send, skip instances, finish, roll back). The
 * decision is a pure function of status, and a batch is written to status before it is sent, so a
 * restart or a lost write anywhere repeats no host and loses no result.
 */
final class RolloutDriver {
  private final BatchSender sender;
  private final ResultCollector results;
  private final RevisionPreparer preparer;
  private final RollbackLauncher rollbacks;
  private final DeploymentMemory memory;
  private final Timing timing;
  private final Clock clock;
  private final BatchTraffic traffic;
  private final AlarmWatch alarms;
  private final StageDriver stages;

  RolloutDriver(
      BatchSender sender,
      ResultCollector results,
      RevisionPreparer preparer,
      RollbackLauncher rollbacks,
      DeploymentMemory memory,
      Timing timing,
      Clock clock,
      BatchTraffic traffic,
      AlarmWatch alarms,
      StageDriver stages) {
    this.traffic = traffic;
    this.alarms = alarms;
    this.stages = stages;
    this.sender = sender;
    this.results = results;
    this.preparer = preparer;
    this.rollbacks = rollbacks;
    this.memory = memory;
    this.timing = timing;
    this.clock = clock;
  }

  /**
   * One step of the rollout on {@code progress}. When it decides to start a batch, the batch is
   * marked in {@code progress} and returned: the caller sends it only once that status is written.
   */
  Optional<BatchSender.BatchSend> advance(
      Deployment deployment,
      Optional<DeploymentGroup> group,
      List<Deployment> peers,
      DeploymentProgress progress) {
    DeploymentMemory.Entry mine = memory.of(deployment.getMetadata().getUid());
    if (group.isPresent()) {
      alarms.check(deployment, group.get(), progress, mine);
    }
    boolean stop =
        Boolean.TRUE.equals(deployment.getSpec().getStop())
            || progress.stopRecorded()
            || AlarmWatch.stoppedByAlarm(progress);
    if (group.isEmpty()) {
      withoutGroup(deployment, progress, mine);
      return Optional.empty();
    }
    if (progress.status().getErrorInformation() != null
        && progress.status().getErrorInformation().getCode()
            == ErrorCode.INVALID_DEPLOYMENT_GROUP) {
      // The group was missing for a while and is back: the deployment goes on.
      progress.status().setErrorInformation(null);
    }
    DeploymentSettings settings = DeploymentSettings.resolve(deployment, group.get());
    PreparedRevision revision =
        mine.prepared(
            () ->
                preparer.prepare(
                    deployment,
                    group.get(),
                    settings,
                    Optional.ofNullable(progress.status().getRevision())));
    try {
      sender.recordUnrecorded(deployment, progress, revision, mine);
    } catch (FleetException e) {
      if (e.error().retryable()) {
        throw e;
      }
      failUnsent(deployment, progress, mine, e);
    }
    List<Invocation> invocations = results.collect(progress, mine);
    sender.retryRefused(deployment, progress, revision, mine);
    results.failThoseGone(progress, mine);
    if (stop) {
      results.cancelUnstarted(progress, invocations, mine);
    }
    // After the results: a batch whose hosts finished their part moves on in this reconcile. A
    // batch marked for its next part is sent once this status is written.
    Optional<BatchSender.BatchSend> partSend =
        traffic
            .step(deployment, progress, sender, mine, stop || halting(progress), true)
            .map(
                number ->
                    sender.prepare(
                        deployment, progress, revision, number, progress.inProgress(number)));

    RolloutDecision decision = stages.decide(deployment, group.get(), settings, progress, stop);
    if (!stop
        && (decision instanceof RolloutDecision.StartBatch
            || decision instanceof RolloutDecision.Finish)
        && alarms.checkNow(deployment, group.get(), progress)) {
      // Read at every batch boundary too: no batch starts, and no success is declared, past an
      // alarm that fired since the last poll.
      stop = true;
      decision = stages.decide(deployment, group.get(), settings, progress, true);
    }
    if (traffic.holding(progress)
        && (decision instanceof RolloutDecision.StartBatch
            || decision instanceof RolloutDecision.Finish)) {
      // A batch is out of its load balancers, or on its way back: nothing else until it is back.
      return partSend;
    }
    if (partSend.isPresent() && decision instanceof RolloutDecision.StartBatch) {
      // One send per status write: the next batch starts at the next reconcile.
      return partSend;
    }
    if (decision instanceof RolloutDecision.StartBatch start) {
      progress.startBatch(start.batchNumber(), start.instanceIds(), clock.instant());
      memory.pacedSchedule(mine, groupKey(deployment)).batchStarted(clock.instant());
      progress.event(
          EventReason.BatchStarted,
          "Batch "
              + start.batchNumber()
              + ": "
              + start.instanceIds().size()
              + " instance(s)"
              + preview(start.instanceIds()));
      if (traffic.startBatch(group.get(), progress, revision, start.batchNumber())) {
        // Recorded as Blocking in this write; sent once deregistered and drained.
        return Optional.empty();
      }
      return Optional.of(
          sender.prepare(deployment, progress, revision, start.batchNumber(), start.instanceIds()));
    }
    if (decision instanceof RolloutDecision.Halt halt) {
      progress.skip(halt.idsToSkip(), skipMessage(halt.outcome()));
      if (progress.status().getErrorInformation() == null) {
        progress.error(RolloutErrors.code(halt.errorCode()), halt.message());
        progress.event(
            halt.outcome() == RolloutOutcome.STOPPED ? EventReason.Stopped : EventReason.Failed,
            halt.message()
                + "; waiting for "
                + halt.inProgress().size()
                + " instance(s) in progress to finish");
      }
    } else if (decision instanceof RolloutDecision.Finish end) {
      progress.skip(end.idsToSkip(), skipMessage(end.outcome()));
      DeploymentPhase phase =
          switch (end.outcome()) {
            case SUCCEEDED -> DeploymentPhase.Succeeded;
            case FAILED -> DeploymentPhase.Failed;
            case STOPPED -> DeploymentPhase.Stopped;
          };
      ErrorCode code = end.errorCode().map(RolloutErrors::code).orElse(null);
      String message = end.message();
      if (end.outcome() == RolloutOutcome.STOPPED && AlarmWatch.stoppedByAlarm(progress)) {
        // Stopped by an alarm, not on request: keep the alarm's code and words.
        code = ErrorCode.ALARM_ACTIVE;
        message = progress.status().getErrorInformation().getMessage();
      }
      finish(deployment, group, peers, progress, phase, code, message);
    }
    return partSend;
  }

  /** Sends a batch whose status is written. */
  void send(BatchSender.BatchSend send) {
    sender.send(send, memory.of(send.uid()));
  }

  /** When to look at the hosts again (see {@link io.fleetdeploy.rollout.BatchPollSchedule}). */
  Duration nextPoll(Deployment deployment) {
    Duration poll =
        memory
            .peek(deployment.getMetadata().getUid())
            .flatMap(DeploymentMemory.Entry::existingSchedule)
            .map(s -> s.next(clock.instant()))
            .orElse(timing.pollInterval());
    // A pause or bake (nothing runs then) wakes at its end or to poll alarms, not before; a
    // pause until promoted is woken by the spec change.
    return stages.nextLook(deployment).orElse(poll);
  }

  /**
   * The group is gone (deleted, or not in the cache for a moment): no batch starts, what runs is
   * waited for and recorded; when nothing runs any more, what never started is skipped and the
   * deployment fails. If the group comes back first, the deployment goes on.
   */
  private void withoutGroup(
      Deployment deployment, DeploymentProgress progress, DeploymentMemory.Entry mine) {
    String group = deployment.getSpec().getDeploymentGroupRef().getName();
    Set<String> unsent = sender.recoverWithoutSending(deployment, progress, mine);
    List<Invocation> invocations = results.collect(progress, mine);
    results.cancelUnstarted(progress, invocations, mine);
    traffic.step(deployment, progress, sender, mine, true, false);
    List<String> running =
        progress.inProgress().stream().filter(id -> !unsent.contains(id)).toList();
    String message =
        "DeploymentGroup "
            + group
            + " was deleted while the deployment ran; no further batch was started";
    if (!running.isEmpty()) {
      if (progress.status().getErrorInformation() == null) {
        progress.error(
            ErrorCode.INVALID_DEPLOYMENT_GROUP,
            message + "; waiting for " + running.size() + " instance(s) in progress to finish");
        progress.event(EventReason.Failed, progress.status().getErrorInformation().getMessage());
      }
      return;
    }
    if (traffic.holding(progress)) {
      // Instances are on their way back into their load balancers: end only once they are.
      return;
    }
    Instant now = clock.instant();
    for (String id : unsent) {
      if (progress.instance(id).getStatus()
          != io.fleetdeploy.api.v1alpha1.ExecutionStatus.InProgress) {
        continue; // ended meanwhile (e.g. between two parts of its host work)
      }
      if (!firstPart(progress, progress.instance(id).getBatch())) {
        // An earlier part of its host work ran: it is not skipped, but can go no further.
        progress.finishInstance(
            id,
            HostResults.failed(
                HostResults.UNKNOWN_ERROR,
                "its DeploymentGroup was deleted between parts of its host work: the rest could"
                    + " not be sent"),
            now);
        continue;
      }
      InstanceStatus skipped = new InstanceStatus();
      skipped.setStatus(io.fleetdeploy.api.v1alpha1.ExecutionStatus.Skipped);
      skipped.setMessage("not deployed: its DeploymentGroup was deleted before it was sent to");
      progress.finishInstance(id, skipped, now);
    }
    progress.skip(
        progress.snapshot(false).instances().stream()
            .filter(i -> i.status() == io.fleetdeploy.rollout.InstanceStatus.PENDING)
            .map(i -> i.id())
            .toList(),
        "not deployed: its DeploymentGroup was deleted");
    finish(
        deployment,
        Optional.empty(),
        List.of(),
        progress,
        DeploymentPhase.Failed,
        ErrorCode.INVALID_DEPLOYMENT_GROUP,
        message);
  }

  /**
   * A send the service refuses for good (e.g. a plan too large): its instances fail, nothing ran.
   */
  private void failUnsent(
      Deployment deployment,
      DeploymentProgress progress,
      DeploymentMemory.Entry mine,
      FleetException e) {
    Instant now = clock.instant();
    for (String id : sender.recoverWithoutSending(deployment, progress, mine)) {
      progress.finishInstance(
          id,
          HostResults.failed("SendFailed", "the command could not be sent: " + e.getMessage()),
          now);
    }
    progress.event(EventReason.Failed, "could not send to hosts: " + e.getMessage());
  }

  private void finish(
      Deployment deployment,
      Optional<DeploymentGroup> group,
      List<Deployment> peers,
      DeploymentProgress progress,
      DeploymentPhase phase,
      ErrorCode code,
      String message) {
    if (code != null) {
      progress.error(code, message);
    }
    progress.finish(phase, clock.instant());
    // The last batch's time, for the group's next deployment.
    memory
        .peek(deployment.getMetadata().getUid())
        .ifPresent(entry -> memory.pacedSchedule(entry, groupKey(deployment)));
    switch (phase) {
      case Succeeded -> progress.event(EventReason.Succeeded, message);
      case Stopped -> progress.event(EventReason.Stopped, message);
      default -> progress.event(EventReason.Failed, (code == null ? "" : code + ": ") + message);
    }
    if (phase != DeploymentPhase.Succeeded && group.isPresent()) {
      rollbacks.maybeRollBack(deployment, group.get(), peers, progress);
    }
  }

  private static String groupKey(Deployment deployment) {
    return DeploymentReconciler.groupKey(
        deployment.getMetadata().getNamespace(),
        deployment.getSpec().getDeploymentGroupRef().getName());
  }

  private static String skipMessage(RolloutOutcome outcome) {
    return outcome == RolloutOutcome.STOPPED
        ? "not deployed: the deployment was stopped"
        : "not deployed: the deployment failed before reaching this instance";
  }

  private static String preview(List<String> ids) {
    int shown = Math.min(5, ids.size());
    return ": " + String.join(", ", ids.subList(0, shown)) + (ids.size() > shown ? ", …" : "");
  }

  /** Whether the batch's current host part is the first one its hosts are sent. */
  private static boolean firstPart(DeploymentProgress progress, Integer batch) {
    return batch == null
        || progress
            .batch(batch)
            .map(
                b ->
                    !TrafficParts.split(b.getHostParts())
                        || java.util.Objects.equals(b.getHostPart(), b.getHostParts().get(0)))
            .orElse(true);
  }

  /** The end is decided (a failure or stop recorded): a batch still draining is not sent. */
  private static boolean halting(DeploymentProgress progress) {
    return progress.status().getErrorInformation() != null;
  }
}
