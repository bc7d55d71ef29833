package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.HostExecutor.HostCommand;
import io.fleetdeploy.fleet.HostExecutor.Invocation;
import io.fleetdeploy.fleet.RevisionStore;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.HostPlanCodec;
import io.fleetdeploy.hostplan.TrafficParts;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends batches to hosts, by the protocol that never loses a send: a batch's instances are first
 * marked InProgress in status (one write), and only then sent, with a comment naming deployment and
 * batch (and the host part, when traffic events split the batch's host work: each part is recorded
 * in status before it is sent, and sent like a batch of its own). The commands are recorded in
 * status by the next reconcile: from this process's memory, or, after a restart, by sending again,
 * which finds the earlier send by its comment instead of sending twice.
 */
final class BatchSender {
  private final HostExecutor executor;
  private final RevisionStore revisions;
  private final Timing timing;
  private final Clock clock;

  BatchSender(HostExecutor executor, RevisionStore revisions, Timing timing, Clock clock) {
    this.executor = executor;
    this.revisions = revisions;
    this.timing = timing;
    this.clock = clock;
  }

  /** A batch marked in status, to be sent once that status is written. */
  record BatchSend(String uid, int batch, HostCommand command, List<String> instanceIds) {}

  BatchSend prepare(
      Deployment deployment,
      DeploymentProgress progress,
      PreparedRevision revision,
      int batch,
      List<String> instanceIds) {
    return new BatchSend(
        deployment.getMetadata().getUid(),
        batch,
        command(deployment, progress, revision, batch),
        instanceIds);
  }

  /** Sends a batch whose marks are written. */
  void send(BatchSend send, DeploymentMemory.Entry memory) {
    memory.sent(
        send.batch(),
        send.command().part(),
        executor.sendMarkedHere(send.command(), send.instanceIds()));
  }

  /**
   * Batches marked in status whose commands are not recorded: sent by this process (their ids are
   * in memory), or marked before a restart, sent or not. Sending again covers both: the executor
   * finds earlier sends by their comment and sends only to instances none covers.
   */
  void recordUnrecorded(
      Deployment deployment,
      DeploymentProgress progress,
      PreparedRevision revision,
      DeploymentMemory.Entry memory) {
    for (BatchStatus batch : progress.activeBatches()) {
      if ((batch.getCommands() != null && !batch.getCommands().isEmpty())
          || !BatchTraffic.sendable(batch)) {
        continue;
      }
      int part = progress.hostPart(batch.getNumber());
      List<String> commands =
          memory
              .sentFor(batch.getNumber(), part)
              .orElseGet(
                  () -> {
                    List<String> sent =
                        executor.send(
                            command(deployment, progress, revision, batch.getNumber()),
                            progress.inProgress(batch.getNumber()));
                    memory.sent(batch.getNumber(), part, sent);
                    return sent;
                  });
      progress.recordCommands(batch.getNumber(), commands);
    }
  }

  /** Sends again to instances SSM refused (e.g. not registered yet) whose retry is due. */
  void retryRefused(
      Deployment deployment,
      DeploymentProgress progress,
      PreparedRevision revision,
      DeploymentMemory.Entry memory) {
    Instant now = clock.instant();
    for (BatchStatus batch : progress.activeBatches()) {
      if (batch.getCommands() == null) {
        continue;
      }
      for (String command : List.copyOf(batch.getCommands())) {
        if (!command.startsWith(HostExecutor.REFUSED_PREFIX)) {
          continue;
        }
        String id = command.substring(HostExecutor.REFUSED_PREFIX.length());
        if (!progress.inProgress(batch.getNumber()).contains(id)
            || !memory.refusedRetryDue(id, now)) {
          continue;
        }
        List<String> sent =
            executor.send(command(deployment, progress, revision, batch.getNumber()), List.of(id));
        memory.sent(batch.getNumber(), progress.hostPart(batch.getNumber()), sent);
        if (sent.contains(command)) {
          memory.retryRefusedAt(id, now.plus(ResultCollector.refusedRetry(timing)));
        } else {
          progress.dropRefusal(batch.getNumber(), id);
          memory.refusalResolved(id);
        }
        progress.recordCommands(
            batch.getNumber(), sent.stream().filter(c -> !c.equals(command)).toList());
      }
    }
  }

  /**
   * Without a group nothing can be sent (the plan needs it): the commands of marked batches are
   * only looked up. Returns the in-progress instances no command covers, which were never sent.
   */
  Set<String> recoverWithoutSending(
      Deployment deployment, DeploymentProgress progress, DeploymentMemory.Entry memory) {
    Set<String> unsent = new HashSet<>();
    for (BatchStatus batch : progress.activeBatches()) {
      if (batch.getCommands() == null || batch.getCommands().isEmpty()) {
        int part = progress.hostPart(batch.getNumber());
        List<String> found =
            memory
                .sentFor(batch.getNumber(), part)
                .orElseGet(
                    () ->
                        executor.sentEarlier(
                            RevisionPreparer.deploymentId(deployment),
                            batch.getNumber(),
                            part,
                            batchStart(progress, batch.getNumber())));
        if (!found.isEmpty()) {
          progress.recordCommands(batch.getNumber(), found);
        }
      }
      Set<String> covered = new HashSet<>();
      List<String> commands = batch.getCommands() == null ? List.of() : batch.getCommands();
      if (!commands.isEmpty()) {
        executor.invocations(commands).stream()
            .filter(i -> i.state() != HostExecutor.InvocationState.REFUSED)
            .map(Invocation::instanceId)
            .forEach(covered::add);
      }
      progress.inProgress(batch.getNumber()).stream()
          .filter(id -> !covered.contains(id))
          .forEach(unsent::add);
    }
    return unsent;
  }

  private HostCommand command(
      Deployment deployment, DeploymentProgress progress, PreparedRevision revision, int batch) {
    String url =
        revisions
            .hostDownloadUrl(
                revision.bundle(), timing.downloadUrlValidity().plus(revision.executionTimeout()))
            .toString();
    int part = progress.hostPart(batch);
    HostPlan plan = revision.plan(url);
    if (part != HostCommand.WHOLE) {
      // One part of the host's work (traffic events on their side of the switch): its events.
      List<Integer> parts = progress.batch(batch).orElseThrow().getHostParts();
      plan = plan.part(TrafficParts.events(part, parts), TrafficParts.planPart(part, parts));
    }
    return new HostCommand(
        RevisionPreparer.deploymentId(deployment),
        batch,
        HostPlanCodec.toJson(plan),
        timing.deliveryTimeout(),
        revision.executionTimeout(),
        batchStart(progress, batch),
        revision.output(),
        part);
  }

  /**
   * No send of a batch is older than its mark in status: the lookup of earlier sends after a
   * restart starts there, not at the deployment's start, so a long deployment's later batches do
   * not page through every command the account ran since it began.
   */
  private static Instant batchStart(DeploymentProgress progress, int batch) {
    return progress
        .batch(batch)
        .map(BatchStatus::getStartTime)
        .or(() -> java.util.Optional.ofNullable(progress.status().getStartTime()))
        .map(Instant::parse)
        .orElseThrow();
  }
}
