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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * CodeDeploy's BlockTraffic and AllowTraffic for each batch of a group with load balancers, by the
 * same write-before-act rule as sends: a batch is recorded {@code Blocking} (in the status write
 * that starts it) before any of its instances is deregistered, and stays short of {@code Allowed}
 * until all of them are registered again. So whatever happens (a host failure, a stop, an alarm, an
 * operator killed anywhere), the next reconcile finds every instance that may be out of its load
 * balancers in status and puts it back; no batch starts and the deployment does not end meanwhile.
 *
 * <ol>
 *   <li>{@code Blocking}: deregister the batch from every load balancer (again after a restart:
 *       idempotent), then wait until none of them is draining any more, at most the longest drain
 *       delay of the load balancers and at most {@code drainTimeoutSeconds}. Then {@code Blocked},
 *       and the hosts are sent the plan. A stop arriving now skips the batch's instances that were
 *       never sent to, and goes straight to registering.
 *   <li>{@code Blocked}: the hosts run; when none of the batch is in progress, register them all
 *       (failed and skipped ones too: nothing is left out of service), then {@code Allowing}.
 *   <li>{@code Allowing}: wait until every instance that succeeded is healthy in every load
 *       balancer; one that is not within {@code healthyTimeoutSeconds} fails with {@link
 *       #UNHEALTHY}. Then {@code Allowed}.
 * </ol>
 *
 * The scriptable traffic events run on the hosts in the plan (the group's plan then has all
 * thirteen events; the host skips BlockTraffic and AllowTraffic, which are done here).
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
   * A batch starts: with traffic control it is marked Blocking (in the same status write that marks
   * its instances) and returns true: it is sent only once drained, by a later reconcile.
   */
  boolean startBatch(DeploymentGroup group, DeploymentProgress progress, int batchNumber) {
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
    batch.setTraffic(TrafficPhase.Blocking);
    batch.setTrafficSince(DeploymentProgress.time(clock.instant()));
    return true;
  }

  /**
   * Moves every batch with traffic in flight on by one step (see the class comment). {@code
   * stopping}: the deployment will end; a batch still draining is not sent.
   */
  void step(
      Deployment deployment,
      DeploymentProgress progress,
      BatchSender sender,
      DeploymentMemory.Entry memory,
      boolean stopping) {
    TrafficControl traffic = progress.status().getTrafficControl();
    if (traffic == null) {
      return;
    }
    List<Target> targets = targets(traffic);
    for (BatchStatus batch : List.copyOf(progress.batches())) {
      if (batch.getTraffic() == null || batch.getTraffic() == TrafficPhase.Allowed) {
        continue;
      }
      List<String> ids = instancesOf(progress, batch.getNumber());
      switch (batch.getTraffic()) {
        case Blocking -> block(deployment, progress, sender, memory, stopping, traffic, batch, ids);
        case Blocked -> {
          if (ids.stream().noneMatch(id -> inProgress(progress, id))) {
            allow(progress, targets, batch, ids);
          }
        }
        case Allowing -> awaitHealthy(progress, traffic, targets, batch, ids);
        default -> {}
      }
    }
  }

  private void block(
      Deployment deployment,
      DeploymentProgress progress,
      BatchSender sender,
      DeploymentMemory.Entry memory,
      boolean stopping,
      TrafficControl traffic,
      BatchStatus batch,
      List<String> ids) {
    List<Target> targets = targets(traffic);
    if (stopping) {
      // The batch was to be sent once drained. A send may have happened (an operator that died
      // right after it): those instances run on; the others never will, and go back at once.
      Set<String> unsent = sender.recoverWithoutSending(deployment, progress, memory);
      Instant now = clock.instant();
      for (String id : ids) {
        if (unsent.contains(id) && inProgress(progress, id)) {
          InstanceStatus skipped = new InstanceStatus();
          skipped.setStatus(ExecutionStatus.Skipped);
          skipped.setMessage("not deployed: the deployment ended while its batch was draining");
          progress.finishInstance(id, skipped, now);
        }
      }
      phase(batch, TrafficPhase.Blocked);
      if (ids.stream().noneMatch(id -> inProgress(progress, id))) {
        allow(progress, targets, batch, ids);
      }
      return;
    }
    if (memory.trafficBlockedOnce(batch.getNumber())) {
      for (Target target : targets) {
        loadBalancers.deregister(target, ids);
      }
      progress.event(
          EventReason.TrafficBlocked,
          "Batch "
              + batch.getNumber()
              + ": "
              + ids.size()
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
      Map<String, TargetHealth> health = loadBalancers.health(target, ids);
      draining |=
          ids.stream()
              .anyMatch(id -> health.getOrDefault(id, TargetHealth.UNUSED) != TargetHealth.UNUSED);
    }
    Duration waited = Duration.between(since, clock.instant());
    Duration limit = longest.compareTo(bound) < 0 ? longest : bound;
    if (!draining || waited.compareTo(limit) >= 0) {
      phase(batch, TrafficPhase.Blocked);
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

  private void awaitHealthy(
      DeploymentProgress progress,
      TrafficControl traffic,
      List<Target> targets,
      BatchStatus batch,
      List<String> ids) {
    List<String> succeeded =
        ids.stream()
            .filter(
                id ->
                    progress.instance(id) != null
                        && progress.instance(id).getStatus() == ExecutionStatus.Succeeded)
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
    if (unhealthy.isEmpty()) {
      phase(batch, TrafficPhase.Allowed);
      return;
    }
    if (Duration.between(Instant.parse(batch.getTrafficSince()), now).compareTo(bound) < 0) {
      return;
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
