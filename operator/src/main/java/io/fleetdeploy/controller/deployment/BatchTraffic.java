package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.ClassicLoadBalancerRef;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.TargetGroupRef;
import io.fleetdeploy.api.v1alpha1.TrafficControl;
import io.fleetdeploy.api.v1alpha1.TrafficPhase;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.StatusCopy;
import io.fleetdeploy.fleet.LoadBalancers;
import io.fleetdeploy.fleet.LoadBalancers.Target;
import io.fleetdeploy.fleet.LoadBalancers.TargetHealth;
import io.fleetdeploy.hostplan.TrafficParts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * CodeDeploy's BlockTraffic and AllowTraffic for each batch of a group with load balancers, by the
 * same write-before-act rule as sends: a batch is recorded {@code Blocking} (in a status write)
 * before any of its instances is deregistered, and stays short of {@code Allowed} until all of them
 * are registered again. So whatever happens (a host failure, a stop, an alarm, an operator killed
 * anywhere), the next reconcile finds every instance that may be out of its load balancers in
 * status and puts it back; no batch starts and the deployment does not end meanwhile.
 *
 * <p>The scriptable traffic events run on the hosts on their side of the switch, in CodeDeploy's
 * order: the hosts' work is sent in up to three parts ({@link TrafficParts}), each recorded in
 * status ({@code hostPart}) before it is sent, and found again by its own comment after a restart:
 *
 * <ol>
 *   <li>{@code BeforeBlock} (only when the revision on the hosts may have BeforeBlockTraffic
 *       scripts): the hosts run part 1, BeforeBlockTraffic, still in service. An instance that
 *       fails it fails (it never left its load balancers); once every other one is done, {@code
 *       Blocking}.
 *   <li>{@code Blocking}: deregister the batch's instances in progress from every load balancer
 *       (again after a restart: idempotent), then wait until none of them is draining any more, at
 *       most the longest drain delay of the load balancers and at most {@code drainTimeoutSeconds}.
 *       Then {@code Blocked}, and the hosts are sent part 2 (AfterBlockTraffic to
 *       BeforeAllowTraffic; every event when the batch is sent in one piece) once that is written.
 *       A stop arriving now skips the batch's instances that were never sent it, and goes straight
 *       to registering.
 *   <li>{@code Blocked}: the hosts run; when none of the batch is still running its part, register
 *       them all (failed and skipped ones too: nothing is left out of service), then {@code
 *       Allowing}.
 *   <li>{@code Allowing}: wait until every instance that succeeded so far is healthy in every load
 *       balancer; one that is not within {@code healthyTimeoutSeconds} fails with {@link
 *       #UNHEALTHY}. Then {@code Allowed}, and the healthy ones are sent part 3 (AfterAllowTraffic,
 *       only when this revision has scripts for it) once that is written.
 * </ol>
 *
 * A part that is not sent gives its events to part 2, where they have no script to run. Once the
 * deployment's end is decided (a stop, a failure, the group gone), no further part is sent: an
 * instance that ran only BeforeBlockTraffic is skipped (nothing was installed), one that ran up to
 * BeforeAllowTraffic keeps that part's result, and says AfterAllowTraffic did not run.
 */
final class BatchTraffic {
  /** The instance error code of an instance that did not turn healthy after AllowTraffic. */
  static final String UNHEALTHY = "AllowTrafficUnhealthy";

  static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(300);
  static final Duration DEFAULT_HEALTHY_TIMEOUT = Duration.ofSeconds(600);

  private final LoadBalancers loadBalancers;
  private final Clock clock;

  BatchTraffic(LoadBalancers loadBalancers, Clock clock) {
    this.loadBalancers = loadBalancers;
    this.clock = clock;
  }

  /** Whether the group puts its instances behind load balancers. */
  static boolean controls(TrafficControl traffic) {
    return traffic != null && !targets(traffic).isEmpty();
  }

  /** A batch the hosts may be sent: one not waiting for its instances to drain. */
  static boolean sendable(BatchStatus batch) {
    return batch.getTraffic() != TrafficPhase.Blocking;
  }

  /** While true, no batch starts and the deployment does not end: traffic is being switched. */
  boolean holding(DeploymentProgress progress) {
    return progress.batches().stream()
        .anyMatch(b -> b.getTraffic() != null && b.getTraffic() != TrafficPhase.Allowed);
  }

  /**
   * A batch starts: with traffic control it is marked in the same status write that marks its
   * instances, with the parts its hosts are sent in. Returns true when it waits (Blocking: sent
   * only once drained, by a later reconcile), false when it is sent once that status is written (no
   * traffic control, or BeforeBlockTraffic to run first).
   */
  boolean startBatch(
      DeploymentGroup group,
      DeploymentProgress progress,
      PreparedRevision revision,
      int batchNumber) {
    TrafficControl traffic = progress.status().getTrafficControl();
    if (traffic == null && controls(group.getSpec().getTrafficControl())) {
      // Fixed for the whole deployment: a restore must reach the load balancers used, even if
      // the group's spec changes meanwhile.
      traffic = StatusCopy.of(group.getSpec().getTrafficControl(), TrafficControl.class);
      progress.status().setTrafficControl(traffic);
    }
    if (!controls(traffic)) {
      return false;
    }
    BatchStatus batch = progress.batch(batchNumber).orElseThrow();
    List<Integer> parts = revision.trafficParts();
    if (TrafficParts.split(parts)) {
      batch.setHostParts(new ArrayList<>(parts));
      batch.setHostPart(parts.get(0));
    }
    batch.setTrafficSince(DeploymentProgress.time(clock.instant()));
    if (TrafficParts.split(parts) && parts.get(0) == TrafficParts.BEFORE_BLOCK) {
      batch.setTraffic(TrafficPhase.BeforeBlock);
      return false;
    }
    batch.setTraffic(TrafficPhase.Blocking);
    return true;
  }

  /**
   * Moves every batch with traffic in flight on by one step (see the class comment), after this
   * reconcile's results are collected. {@code stopping}: the deployment will end, so instances
   * never sent anything are not sent any more. {@code canSend}: whether a further part can be sent
   * (not without the group, which the plan needs). Returns the batch whose next part was marked in
   * {@code progress}: the caller sends it once that status is written.
   */
  Optional<Integer> step(
      Deployment deployment,
      DeploymentProgress progress,
      BatchSender sender,
      DeploymentMemory.Entry memory,
      boolean stopping,
      boolean canSend) {
    TrafficControl traffic = progress.status().getTrafficControl();
    if (traffic == null) {
      return Optional.empty();
    }
    List<Target> targets = targets(traffic);
    Optional<Integer> toSend = Optional.empty();
    for (BatchStatus batch : List.copyOf(progress.batches())) {
      if (batch.getTraffic() == null || batch.getTraffic() == TrafficPhase.Allowed) {
        continue;
      }
      List<String> ids = instancesOf(progress, batch.getNumber());
      Optional<Integer> marked =
          switch (batch.getTraffic()) {
            case BeforeBlock ->
                beforeBlock(deployment, progress, sender, memory, stopping, canSend, batch);
            case Blocking ->
                block(deployment, progress, sender, memory, stopping, canSend, traffic, batch, ids);
            case Blocked -> {
              if (ids.stream()
                  .allMatch(id -> !inProgress(progress, id) || partDone(progress, id))) {
                allow(progress, targets, batch, ids);
              }
              yield Optional.empty();
            }
            case Allowing -> awaitHealthy(progress, traffic, targets, batch, ids, canSend);
            default -> Optional.empty();
          };
      toSend = toSend.or(() -> marked);
    }
    return toSend;
  }

  /**
   * Part 1: the hosts run BeforeBlockTraffic in service. When none runs it any more, the batch
   * leaves its load balancers.
   */
  private Optional<Integer> beforeBlock(
      Deployment deployment,
      DeploymentProgress progress,
      BatchSender sender,
      DeploymentMemory.Entry memory,
      boolean stopping,
      boolean canSend,
      BatchStatus batch) {
    int number = batch.getNumber();
    if (stopping) {
      skipUnsent(deployment, progress, sender, memory, number, "before BeforeBlockTraffic");
    }
    List<String> running = progress.inProgress(number);
    if (!running.stream().allMatch(id -> partDone(progress, id))) {
      return Optional.empty();
    }
    if (!canSend) {
      failBetweenParts(
          progress, running, "after BeforeBlockTraffic (it never left its load balancers)");
    }
    if (progress.inProgress(number).isEmpty()) {
      // Every instance failed BeforeBlockTraffic (or could go no further): none left service.
      phase(batch, TrafficPhase.Allowed);
      return Optional.empty();
    }
    nextPart(batch);
    phase(batch, TrafficPhase.Blocking);
    return Optional.empty();
  }

  private Optional<Integer> block(
      Deployment deployment,
      DeploymentProgress progress,
      BatchSender sender,
      DeploymentMemory.Entry memory,
      boolean stopping,
      boolean canSend,
      TrafficControl traffic,
      BatchStatus batch,
      List<String> ids) {
    List<Target> targets = targets(traffic);
    boolean firstPart =
        !TrafficParts.split(batch.getHostParts())
            || Objects.equals(batch.getHostPart(), batch.getHostParts().get(0));
    if (stopping && firstPart) {
      // The batch was to be sent once drained. A send may have happened (an operator that died
      // right after it): those instances run on; the others never will, and go back at once.
      skipUnsent(
          deployment, progress, sender, memory, batch.getNumber(), "while its batch was draining");
      phase(batch, TrafficPhase.Blocked);
      if (ids.stream().noneMatch(id -> inProgress(progress, id))) {
        allow(progress, targets, batch, ids);
      }
      return Optional.empty();
    }
    if (!canSend) {
      // Their hosts ran BeforeBlockTraffic; the rest of their work cannot be sent any more.
      failBetweenParts(
          progress, progress.inProgress(batch.getNumber()), "after BeforeBlockTraffic");
    }
    // Only instances still in progress leave: one that failed BeforeBlockTraffic stays in service.
    List<String> leaving = ids.stream().filter(id -> inProgress(progress, id)).toList();
    if (leaving.isEmpty()) {
      phase(batch, TrafficPhase.Blocked);
      allow(progress, targets, batch, ids);
      return Optional.empty();
    }
    if (memory.trafficBlockedOnce(batch.getNumber())) {
      for (Target target : targets) {
        loadBalancers.deregister(target, leaving);
      }
      progress.event(
          EventReason.TrafficBlocked,
          "Batch "
              + batch.getNumber()
              + ": "
              + leaving.size()
              + " instance(s) deregistered from "
              + describe(targets)
              + "; draining");
    }
    Instant since = Instant.parse(batch.getTrafficSince());
    Duration bound = seconds(traffic.getDrainTimeoutSeconds(), DEFAULT_DRAIN_TIMEOUT);
    Duration longest = Duration.ZERO;
    boolean draining = false;
    for (Target target : targets) {
      Duration delay = loadBalancers.drainDelay(target);
      longest = delay.compareTo(longest) > 0 ? delay : longest;
      Map<String, TargetHealth> health = loadBalancers.health(target, leaving);
      draining |=
          leaving.stream()
              .anyMatch(id -> health.getOrDefault(id, TargetHealth.UNUSED) != TargetHealth.UNUSED);
    }
    Duration waited = Duration.between(since, clock.instant());
    Duration limit = longest.compareTo(bound) < 0 ? longest : bound;
    if (!draining || waited.compareTo(limit) >= 0) {
      phase(batch, TrafficPhase.Blocked);
      // Sent once Blocked is written: the hosts run their (next) part out of service.
      return Optional.of(batch.getNumber());
    }
    return Optional.empty();
  }

  /**
   * Instances of the batch marked but never sent (e.g. an operator that died first) are skipped.
   */
  private void skipUnsent(
      Deployment deployment,
      DeploymentProgress progress,
      BatchSender sender,
      DeploymentMemory.Entry memory,
      int batch,
      String when) {
    Set<String> unsent = sender.recoverWithoutSending(deployment, progress, memory);
    Instant now = clock.instant();
    for (String id : progress.inProgress(batch)) {
      if (unsent.contains(id)) {
        InstanceStatus skipped = new InstanceStatus();
        skipped.setStatus(ExecutionStatus.Skipped);
        skipped.setMessage("not deployed: the deployment ended " + when);
        progress.finishInstance(id, skipped, now);
      }
    }
  }

  /**
   * Without the group no further part can be sent: instances whose hosts began their work fail
   * (they ran something, so they are not skipped), with what their hosts reported so far.
   */
  private void failBetweenParts(DeploymentProgress progress, List<String> ids, String when) {
    Instant now = clock.instant();
    for (String id : ids) {
      InstanceStatus failed =
          HostResults.failed(
              HostResults.UNKNOWN_ERROR,
              "the deployment's group was deleted "
                  + when
                  + ": the rest of the host's work could not be sent");
      progress
          .partDone(id)
          .ifPresent(
              done -> {
                failed.setEvents(done.getEvents());
                failed.setLastEvent(done.getLastEvent());
              });
      progress.finishInstance(id, failed, now);
    }
  }

  private void allow(
      DeploymentProgress progress, List<Target> targets, BatchStatus batch, List<String> ids) {
    for (Target target : targets) {
      loadBalancers.register(target, ids);
    }
    phase(batch, TrafficPhase.Allowing);
    progress.event(
        EventReason.TrafficAllowed,
        "Batch "
            + batch.getNumber()
            + ": "
            + ids.size()
            + " instance(s) registered again with "
            + describe(targets));
  }

  private Optional<Integer> awaitHealthy(
      DeploymentProgress progress,
      TrafficControl traffic,
      List<Target> targets,
      BatchStatus batch,
      List<String> ids,
      boolean canSend) {
    // Those that succeeded so far: finished, or done with their part with AfterAllowTraffic to go.
    List<String> succeeded =
        ids.stream()
            .filter(
                id ->
                    progress.instance(id) != null
                        && (progress.instance(id).getStatus() == ExecutionStatus.Succeeded
                            || partDone(progress, id)))
            .toList();
    List<String> unhealthy = new ArrayList<>();
    List<String> where = new ArrayList<>();
    for (Target target : targets) {
      if (succeeded.isEmpty()) {
        break;
      }
      Map<String, TargetHealth> health = loadBalancers.health(target, succeeded);
      for (String id : succeeded) {
        TargetHealth h = health.getOrDefault(id, TargetHealth.UNUSED);
        if (h != TargetHealth.HEALTHY && !unhealthy.contains(id)) {
          unhealthy.add(id);
          where.add(h.name().toLowerCase(Locale.ROOT) + " in " + target);
        }
      }
    }
    Duration bound = seconds(traffic.getHealthyTimeoutSeconds(), DEFAULT_HEALTHY_TIMEOUT);
    Instant now = clock.instant();
    if (!unhealthy.isEmpty()
        && Duration.between(Instant.parse(batch.getTrafficSince()), now).compareTo(bound) < 0) {
      return Optional.empty();
    }
    for (int i = 0; i < unhealthy.size(); i++) {
      progress.finishInstance(
          unhealthy.get(i),
          HostResults.failed(
              UNHEALTHY,
              "AllowTraffic: the instance was registered again but is still "
                  + where.get(i)
                  + " after "
                  + bound.toSeconds()
                  + " s (trafficControl.healthyTimeoutSeconds); check its health check"),
          now);
      progress.instance(unhealthy.get(i)).setLastEvent("AllowTraffic");
      progress.event(
          EventReason.InstanceFailed, unhealthy.get(i) + ": did not turn healthy (AllowTraffic)");
    }
    phase(batch, TrafficPhase.Allowed);
    List<String> waiting = progress.inProgress(batch.getNumber());
    if (waiting.isEmpty()) {
      return Optional.empty();
    }
    if (!canSend) {
      failBetweenParts(progress, waiting, "before AfterAllowTraffic (back in service)");
      return Optional.empty();
    }
    // Sent once Allowed is written: AfterAllowTraffic runs back in service. A stop does not hold it
    // back: an instance whose host work began goes through all of it, as a plan sent whole would.
    nextPart(batch);
    return Optional.of(batch.getNumber());
  }

  /** The batch goes on to its next host part: recorded before it is sent, with no sends yet. */
  private static void nextPart(BatchStatus batch) {
    batch.setHostPart(TrafficParts.after(batch.getHostPart(), batch.getHostParts()).orElseThrow());
    batch.setCommands(new ArrayList<>());
  }

  private static boolean partDone(DeploymentProgress progress, String id) {
    return progress.partDone(id).isPresent();
  }

  private void phase(BatchStatus batch, TrafficPhase phase) {
    batch.setTraffic(phase);
    batch.setTrafficSince(DeploymentProgress.time(clock.instant()));
  }

  private static boolean inProgress(DeploymentProgress progress, String id) {
    InstanceStatus instance = progress.instance(id);
    return instance != null && instance.getStatus() == ExecutionStatus.InProgress;
  }

  private static List<String> instancesOf(DeploymentProgress progress, int batch) {
    return progress.instances().stream()
        .filter(i -> Objects.equals(i.getBatch(), batch))
        .map(InstanceStatus::getId)
        .toList();
  }

  static List<Target> targets(TrafficControl traffic) {
    List<Target> out = new ArrayList<>();
    if (traffic.getTargetGroups() != null) {
      for (TargetGroupRef group : traffic.getTargetGroups()) {
        out.add(new LoadBalancers.TargetGroup(group.getArn()));
      }
    }
    if (traffic.getClassicLoadBalancers() != null) {
      for (ClassicLoadBalancerRef classic : traffic.getClassicLoadBalancers()) {
        out.add(new LoadBalancers.ClassicLoadBalancer(classic.getName()));
      }
    }
    return out;
  }

  private static String describe(List<Target> targets) {
    return targets.size() == 1 ? targets.get(0).toString() : targets.size() + " load balancers";
  }

  private static Duration seconds(Integer value, Duration fallback) {
    return value == null ? fallback : Duration.ofSeconds(value);
  }
}
