package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentCreator;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.ErrorInformation;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.RollbackInfo;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.StatusCopy;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.rollout.BatchPolicy;
import io.fleetdeploy.rollout.Health;
import io.fleetdeploy.rollout.InstanceProgress;
import io.fleetdeploy.rollout.RevisionState;
import io.fleetdeploy.rollout.RolloutSnapshot;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment's status being worked on during one reconcile: a copy of the stored status with the
 * operations the controller performs on it. All progress lives here, so a restarted operator
 * rebuilds exactly where it was from the stored status alone: which instances were started in which
 * batch (written before anything is sent to them), the commands recorded for each batch, each
 * instance's result.
 */
final class DeploymentProgress {
  /** How many of the most recent finished batches status keeps (with those still running). */
  static final int RECENT_BATCHES = 20;

  private final DeploymentStatus status;
  private final Map<String, InstanceStatus> byId = new LinkedHashMap<>();

  /**
   * Instances in progress per batch, kept as instances start and finish: asking the whole list
   * whether a batch is done after each result is quadratic, minutes of CPU at 50,000 instances.
   */
  private final Map<Integer, Integer> runningByBatch = new java.util.HashMap<>();

  private int failed;
  private final List<PendingEvent> events = new ArrayList<>();

  /**
   * Instances in progress whose host finished the part of its work sent now, successfully, with
   * more parts to follow (see {@link io.fleetdeploy.hostplan.TrafficParts}): read from their
   * invocations at every reconcile, never stored (the invocations are the record).
   */
  private final Map<String, InstanceStatus> partDone = new LinkedHashMap<>();

  /** A Kubernetes Event to record once this reconcile's status is written. */
  record PendingEvent(EventReason reason, String message) {}

  private DeploymentProgress(DeploymentStatus status) {
    this.status = status;
    // Whatever the layout (one entry each, or the compact table with the detailed entries).
    for (InstanceStatus i : io.fleetdeploy.controller.InstanceResults.of(status)) {
      byId.put(i.getId(), i);
      count(i, 1);
    }
    status.setInstanceTable(null);
  }

  private void count(InstanceStatus i, int delta) {
    if (i.getStatus() == ExecutionStatus.InProgress && i.getBatch() != null) {
      runningByBatch.merge(i.getBatch(), delta, Integer::sum);
    }
    if (i.getStatus() == ExecutionStatus.Failed) {
      failed += delta;
    }
  }

  /** Instances that failed so far. */
  int failedCount() {
    return failed;
  }

  static DeploymentProgress of(Deployment deployment) {
    DeploymentStatus stored = deployment.getStatus();
    return new DeploymentProgress(
        stored == null ? new DeploymentStatus() : StatusCopy.of(stored, DeploymentStatus.class));
  }

  /** Queues an Event; it is recorded only if the status this reconcile computed is written. */
  void event(EventReason reason, String message) {
    events.add(new PendingEvent(reason, message));
  }

  List<PendingEvent> events() {
    return List.copyOf(events);
  }

  DeploymentStatus status() {
    return status;
  }

  DeploymentPhase phase() {
    return status.getPhase() == null ? DeploymentPhase.Created : status.getPhase();
  }

  boolean finished() {
    return phase().finished();
  }

  void creator(DeploymentCreator creator) {
    status.setCreator(creator);
  }

  void queued(Optional<String> behind) {
    status.setPhase(DeploymentPhase.Queued);
    status.setQueuedBehind(behind.orElse(null));
  }

  void waiting() {
    if (status.getPhase() == null) {
      status.setPhase(DeploymentPhase.Created);
    }
  }

  Optional<Long> queueSequence() {
    return Optional.ofNullable(status.getQueueSequence());
  }

  void queueSequence(long sequence) {
    status.setQueueSequence(sequence);
  }

  // ------------------------------------------------------------------ start

  /**
   * The rollout starts: the revision is pinned, the minimum computed, the instances fixed in the
   * order they will be deployed. {@code unhealthyAtStart} of them (the first ones) were unhealthy.
   * Instances that are stopped fail at once, as CodeDeploy counts them (batch 1, sent nothing).
   */
  void start(
      PinnedRevision revision,
      String configuration,
      int minimumHealthy,
      List<String> orderedIds,
      int unhealthyAtStart,
      Collection<String> stopped,
      Instant now) {
    status.setPhase(DeploymentPhase.InProgress);
    status.setQueuedBehind(null);
    status.setStartTime(time(now));
    status.setRevision(revision);
    status.setDeploymentConfig(configuration);
    status.setMinimumHealthyHosts(minimumHealthy);
    status.setInstanceCount(orderedIds.size());
    status.setUnhealthyAtStart(unhealthyAtStart);
    status.setBatches(new ArrayList<>());
    status.setBatchesStarted(0);
    status.setFailureSummary(null);
    byId.clear();
    runningByBatch.clear();
    failed = 0;
    for (String id : orderedIds) {
      InstanceStatus instance = new InstanceStatus();
      instance.setId(id);
      instance.setStatus(ExecutionStatus.Pending);
      byId.put(id, instance);
    }
    status.setInstances(new ArrayList<>(byId.values()));
    List<String> stoppedInOrder = orderedIds.stream().filter(stopped::contains).toList();
    if (!stoppedInOrder.isEmpty()) {
      startBatch(1, stoppedInOrder, now);
      for (String id : stoppedInOrder) {
        finishInstance(
            id,
            HostResults.failed(
                HostResults.INSTANCE_STOPPED,
                "the instance is stopped;"
                    + " as in CodeDeploy, a stopped target counts as a failed instance (start it, or take it out of the"
                    + " group's targets)"),
            now);
      }
      batch(1).ifPresent(b -> b.setCommands(null));
    }
  }

  /** Ends the deployment, successfully, with nothing to deploy to. */
  void finishWithNothingToDo(PinnedRevision revision, Instant now) {
    status.setPhase(DeploymentPhase.Succeeded);
    status.setRevision(revision);
    status.setQueuedBehind(null);
    status.setInstanceCount(0);
    status.setProgress("0/0");
    status.setCompletionTime(time(now));
  }

  /** Ends the deployment before any host was touched. */
  void failBeforeStart(ErrorCode code, String message, Instant now) {
    status.setPhase(DeploymentPhase.Failed);
    status.setQueuedBehind(null);
    error(code, message);
    status.setCompletionTime(time(now));
  }

  // ------------------------------------------------------------------ rollout

  /** The rollout logic's view: minimum, instances in rollout order, batches, stop. */
  RolloutSnapshot snapshot(boolean stopRequested) {
    int unhealthy = status.getUnhealthyAtStart() == null ? 0 : status.getUnhealthyAtStart();
    int minimum = status.getMinimumHealthyHosts() == null ? 0 : status.getMinimumHealthyHosts();
    List<InstanceProgress> instances = new ArrayList<>();
    int index = 0;
    for (InstanceStatus i : byId.values()) {
      // Stored in rollout order already: unhealthy ones first. Passing the same revision class
      // for the rest keeps that order (the decider's sort is stable).
      instances.add(
          new InstanceProgress(
              i.getId(),
              index++ < unhealthy ? Health.UNHEALTHY : Health.HEALTHY,
              RevisionState.UNKNOWN,
              InstanceStatuses.toRollout(i)));
    }
    RolloutSnapshot snapshot =
        new RolloutSnapshot(
            minimum,
            BatchPolicy.codeDeploy(instances.size(), minimum),
            instances,
            batchesStarted(),
            false);
    return stopRequested ? snapshot.withStopRequested() : snapshot;
  }

  boolean stopRecorded() {
    return status.getErrorInformation() != null
        && status.getErrorInformation().getCode() == ErrorCode.MANUAL_STOP;
  }

  int batchesStarted() {
    if (status.getBatchesStarted() != null) {
      return status.getBatchesStarted();
    }
    return batches().stream().mapToInt(BatchStatus::getNumber).max().orElse(0);
  }

  /**
   * Marks the instances InProgress in batch {@code number}: written before anything is sent to
   * them.
   */
  void startBatch(int number, List<String> ids, Instant now) {
    BatchStatus batch = new BatchStatus();
    batch.setNumber(number);
    batch.setSize(ids.size());
    batch.setStartTime(time(now));
    batch.setCommands(new ArrayList<>());
    batches().add(batch);
    status.setBatchesStarted(Math.max(batchesStarted(), number));
    for (String id : ids) {
      InstanceStatus instance = byId.get(id);
      count(instance, -1);
      instance.setStatus(ExecutionStatus.InProgress);
      instance.setBatch(number);
      instance.setStartTime(time(now));
      count(instance, 1);
    }
  }

  Optional<BatchStatus> batch(int number) {
    return batches().stream().filter(b -> Objects.equals(b.getNumber(), number)).findFirst();
  }

  /**
   * Records the commands covering a batch's instances; replaces refusals that a later send covered.
   */
  void recordCommands(int batchNumber, List<String> commandIds) {
    BatchStatus batch =
        batch(batchNumber).orElseThrow(() -> new IllegalStateException("no batch " + batchNumber));
    List<String> recorded =
        batch.getCommands() == null ? new ArrayList<>() : new ArrayList<>(batch.getCommands());
    for (String id : commandIds) {
      if (!recorded.contains(id)) {
        recorded.add(id);
      }
    }
    batch.setCommands(recorded);
  }

  /** A refused instance was sent to after all: its refusal no longer stands for it. */
  void dropRefusal(int batchNumber, String instanceId) {
    batch(batchNumber)
        .ifPresent(
            b -> {
              if (b.getCommands() != null) {
                b.getCommands().remove(HostExecutor.REFUSED_PREFIX + instanceId);
              }
            });
  }

  List<BatchStatus> batches() {
    if (status.getBatches() == null) {
      status.setBatches(new ArrayList<>());
    }
    return status.getBatches();
  }

  List<String> inProgress() {
    return byId.values().stream()
        .filter(i -> i.getStatus() == ExecutionStatus.InProgress)
        .map(InstanceStatus::getId)
        .toList();
  }

  /** Instances in progress in this batch. */
  List<String> inProgress(int batchNumber) {
    return byId.values().stream()
        .filter(
            i ->
                i.getStatus() == ExecutionStatus.InProgress
                    && Objects.equals(i.getBatch(), batchNumber))
        .map(InstanceStatus::getId)
        .toList();
  }

  /** Batches with instances in progress, oldest first. */
  List<BatchStatus> activeBatches() {
    return batches().stream()
        .filter(b -> b.getNumber() != null && runningByBatch.getOrDefault(b.getNumber(), 0) > 0)
        .toList();
  }

  /** Commands of the batches that still have instances in progress. */
  List<String> activeCommands() {
    List<String> out = new ArrayList<>();
    for (BatchStatus batch : activeBatches()) {
      if (batch.getCommands() != null) {
        out.addAll(batch.getCommands());
      }
    }
    return out;
  }

  InstanceStatus instance(String id) {
    return byId.get(id);
  }

  /** The instance's host finished the current part of its batch (not the last) with this result. */
  void partDone(String id, InstanceStatus result) {
    partDone.put(id, result);
  }

  /** The result of the current part of an instance that finished it, with more parts to come. */
  Optional<InstanceStatus> partDone(String id) {
    InstanceStatus instance = byId.get(id);
    return instance != null && instance.getStatus() == ExecutionStatus.InProgress
        ? Optional.ofNullable(partDone.get(id))
        : Optional.empty();
  }

  /**
   * The batch's current host part (see {@link BatchStatus#getHostPart}), or {@link
   * io.fleetdeploy.fleet.HostExecutor.HostCommand#WHOLE} when it is sent in one piece.
   */
  int hostPart(int batchNumber) {
    return batch(batchNumber)
        .filter(b -> io.fleetdeploy.hostplan.TrafficParts.split(b.getHostParts()))
        .map(BatchStatus::getHostPart)
        .orElse(io.fleetdeploy.fleet.HostExecutor.HostCommand.WHOLE);
  }

  /** Whether the batch's current host part is one after which another follows. */
  boolean morePartsAfterCurrent(int batchNumber) {
    return batch(batchNumber)
        .filter(b -> io.fleetdeploy.hostplan.TrafficParts.split(b.getHostParts()))
        .map(
            b ->
                b.getHostPart() != null
                    && io.fleetdeploy.hostplan.TrafficParts.after(b.getHostPart(), b.getHostParts())
                        .isPresent())
        .orElse(false);
  }

  /** Records how an instance ended; ends its batch when it was the last of it. */
  void finishInstance(String id, InstanceStatus result, Instant now) {
    InstanceStatus instance = byId.get(id);
    count(instance, -1);
    instance.setStatus(result.getStatus());
    instance.setEndTime(time(now));
    instance.setLastEvent(result.getLastEvent());
    instance.setMessage(result.getMessage());
    instance.setErrorCode(result.getErrorCode());
    instance.setEvents(result.getEvents());
    count(instance, 1);
    FailureTally.count(status, instance);
    if (instance.getBatch() != null) {
      boolean batchDone = runningByBatch.getOrDefault(instance.getBatch(), 0) <= 0;
      if (batchDone) {
        batch(instance.getBatch())
            .ifPresent(
                b -> {
                  b.setEndTime(time(now));
                  // Results are in: the commands are not needed any more, and status stays small.
                  b.setCommands(null);
                });
      }
    }
  }

  void skip(List<String> ids, String message) {
    for (String id : ids) {
      InstanceStatus instance = byId.get(id);
      if (instance.getStatus() == ExecutionStatus.Pending) {
        instance.setStatus(ExecutionStatus.Skipped);
        instance.setMessage(message);
      }
    }
  }

  void error(ErrorCode code, String message) {
    ErrorInformation error = new ErrorInformation();
    error.setCode(code);
    error.setMessage(message);
    status.setErrorInformation(error);
  }

  void finish(DeploymentPhase phase, Instant now) {
    status.setPhase(phase);
    status.setCompletionTime(time(now));
    if (phase == DeploymentPhase.Succeeded) {
      status.setErrorInformation(null);
    }
  }

  void rollbackInfo(String rollbackDeployment, String rollbackOf, String message) {
    RollbackInfo info =
        status.getRollbackInfo() == null ? new RollbackInfo() : status.getRollbackInfo();
    if (rollbackDeployment != null) {
      info.setRollbackDeployment(rollbackDeployment);
    }
    if (rollbackOf != null) {
      info.setRollbackOf(rollbackOf);
    }
    if (message != null) {
      info.setMessage(message);
    }
    status.setRollbackInfo(info);
  }

  List<InstanceStatus> instances() {
    return List.copyOf(byId.values());
  }

  /**
   * Copies the instance list back into the status (entries are shared, order kept), and keeps only
   * the batches a reader or a restart needs: those still running and the most recent ones.
   */
  DeploymentStatus flush() {
    status.setInstances(new ArrayList<>(byId.values()));
    List<BatchStatus> all = batches();
    if (all.size() > RECENT_BATCHES) {
      List<BatchStatus> active = activeBatches();
      List<BatchStatus> kept = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        if (i >= all.size() - RECENT_BATCHES || active.contains(all.get(i))) {
          kept.add(all.get(i));
        }
      }
      status.setBatches(kept);
    }
    return status;
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
