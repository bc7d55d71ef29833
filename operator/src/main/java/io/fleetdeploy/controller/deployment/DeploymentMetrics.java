package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.controller.InstanceResults;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics of rollouts, counted from what each written status changed: deployments
 * started and ended by group and outcome, their durations and their batches', instance outcomes by
 * error code, and the deployments running now.
 */
final class DeploymentMetrics {
  private final MeterRegistry registry;
  private final Set<String> active = ConcurrentHashMap.newKeySet();

  DeploymentMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("fleetdeploy.deployments.active", active, Set::size)
        .description("Deployments rolling out now")
        .register(registry);
  }

  /** Counts what changed between the stored status and the one just written. */
  void written(Deployment deployment, DeploymentStatus before, DeploymentStatus after) {
    String namespace = deployment.getMetadata().getNamespace();
    String group = deployment.getSpec().getDeploymentGroupRef().getName();
    String uid = deployment.getMetadata().getUid();
    DeploymentPhase was =
        before == null || before.getPhase() == null ? DeploymentPhase.Created : before.getPhase();
    DeploymentPhase now = after.getPhase() == null ? DeploymentPhase.Created : after.getPhase();
    if (now == DeploymentPhase.InProgress) {
      active.add(uid);
    }
    if (was != DeploymentPhase.InProgress && now == DeploymentPhase.InProgress) {
      counter(
              "fleetdeploy.deployments.started",
              "Deployments that started rolling out",
              namespace,
              group,
              null)
          .increment();
    }
    if (!was.finished() && now.finished()) {
      active.remove(uid);
      String outcome = now.name().toLowerCase(Locale.ROOT);
      counter(
              "fleetdeploy.deployments.ended",
              "Deployments that ended, by outcome",
              namespace,
              group,
              outcome)
          .increment();
      if (after.getStartTime() != null && after.getCompletionTime() != null) {
        Timer.builder("fleetdeploy.deployment.duration")
            .description("How long deployments took, start to end")
            .tags("namespace", namespace, "group", group, "outcome", outcome)
            .publishPercentileHistogram()
            .register(registry)
            .record(between(after.getStartTime(), after.getCompletionTime()));
      }
    }
    countInstances(before, after, namespace, group);
    timeBatches(before, after, namespace, group);
  }

  private void countInstances(
      DeploymentStatus before, DeploymentStatus after, String namespace, String group) {
    List<InstanceStatus> now = InstanceResults.of(after);
    if (now.isEmpty()) {
      return;
    }
    Map<String, ExecutionStatus> previous = new HashMap<>();
    if (before != null) {
      InstanceResults.of(before).forEach(i -> previous.put(i.getId(), i.getStatus()));
    }
    for (InstanceStatus i : now) {
      ExecutionStatus was = previous.get(i.getId());
      if (was != i.getStatus()
          && (i.getStatus() == ExecutionStatus.Succeeded
              || i.getStatus() == ExecutionStatus.Failed
              || i.getStatus() == ExecutionStatus.Skipped)) {
        registry
            .counter(
                "fleetdeploy.instances",
                "namespace",
                namespace,
                "group",
                group,
                "outcome",
                i.getStatus().name().toLowerCase(Locale.ROOT),
                "error_code",
                errorCode(i))
            .increment();
      }
    }
  }

  private void timeBatches(
      DeploymentStatus before, DeploymentStatus after, String namespace, String group) {
    if (after.getBatches() == null) {
      return;
    }
    // Status keeps the recent batches only: which ended is told by number, not by counting.
    java.util.Set<Integer> endedBefore = new java.util.HashSet<>();
    if (before != null && before.getBatches() != null) {
      before.getBatches().stream()
          .filter(b -> b.getEndTime() != null)
          .forEach(b -> endedBefore.add(b.getNumber()));
    }
    for (BatchStatus batch : after.getBatches()) {
      if (batch.getEndTime() != null
          && !endedBefore.contains(batch.getNumber())
          && batch.getStartTime() != null) {
        Timer.builder("fleetdeploy.batch.duration")
            .description("How long batches took, first send to last result")
            .tags("namespace", namespace, "group", group)
            .publishPercentileHistogram()
            .register(registry)
            .record(between(batch.getStartTime(), batch.getEndTime()));
      }
    }
  }

  /**
   * The instance's error code (the failed event's, AGENT_ISSUE, InstanceLeft, ...), "none" for a
   * success.
   */
  private static String errorCode(InstanceStatus i) {
    if (i.getStatus() == ExecutionStatus.Succeeded) {
      return "none";
    }
    return i.getErrorCode() != null
        ? i.getErrorCode()
        : i.getStatus() == ExecutionStatus.Failed ? "UnknownError" : "none";
  }

  private Counter counter(
      String name, String description, String namespace, String group, String outcome) {
    Counter.Builder builder =
        Counter.builder(name).description(description).tags("namespace", namespace, "group", group);
    if (outcome != null) {
      builder.tag("outcome", outcome);
    }
    return builder.register(registry);
  }

  private static Duration between(String start, String end) {
    Duration d = Duration.between(Instant.parse(start), Instant.parse(end));
    return d.isNegative() ? Duration.ZERO : d;
  }
}
