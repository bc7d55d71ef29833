package io.fleetdeploy.demo;

import io.fabric8.kubernetes.api.model.Event;
import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.controller.EventReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns successive snapshots of the API server into the demo's live log: one line per new
 * Deployment, phase change, batch and finished instance, per reason a Deployment gives for not
 * starting yet (other than being queued), and per Event about a DeploymentGroup or Application. It
 * remembers every Deployment it saw (a group prunes old ones) and how long each instance took as
 * observed between polls, which is finer than the status's whole seconds.
 */
public final class ProgressLog {
  /** How far all Deployments seen so far are. */
  public record Progress(
      int instancesDone, int instancesTotal, int deploymentsDone, int deploymentsTotal) {}

  private static final Set<String> GROUP_EVENT_KINDS = Set.of("DeploymentGroup", "Application");
  // The log already has a line for each Deployment the group creates, with its description.
  private static final Set<String> REDUNDANT_REASONS =
      Set.of(EventReason.DeploymentCreated.name(), EventReason.LaunchDeploymentStarted.name());
  // Reasons a Deployment gives while it waits that need no line: it is about to start, or queued
  // (which has one).
  private static final Set<String> QUIET_WAIT_REASONS = Set.of("Starting", "Queued");

  private final Map<String, Deployment> seen = new LinkedHashMap<>();
  private final Map<String, DeploymentPhase> phases = new HashMap<>();
  private final Map<String, Integer> batches = new HashMap<>();
  private final Map<String, String> waitReasons = new HashMap<>();
  private final Map<String, ExecutionStatus> instanceStatuses = new HashMap<>();
  private final Map<String, Instant> instanceStarts = new HashMap<>();
  private final Map<String, Duration> instanceDurations = new HashMap<>();
  private final Map<String, Instant> deploymentStarts = new HashMap<>();
  private final Map<String, Duration> deploymentDurations = new HashMap<>();
  private final Set<String> eventsSeen = new HashSet<>();

  /** The lines for what changed since the previous snapshot. */
  public List<String> update(ClusterSnapshot snapshot) {
    List<String> lines = new ArrayList<>();
    for (Event event : snapshot.events()) {
      String id = Objects.toString(event.getMetadata().getUid(), event.getMetadata().getName());
      if (eventsSeen.add(id)
          && event.getInvolvedObject() != null
          && GROUP_EVENT_KINDS.contains(event.getInvolvedObject().getKind())
          && !REDUNDANT_REASONS.contains(event.getReason())) {
        lines.add(
            ("Application".equals(event.getInvolvedObject().getKind()) ? "application " : "group ")
                + event.getInvolvedObject().getName()
                + ": "
                + event.getReason()
                + ": "
                + event.getMessage());
      }
    }
    for (Deployment d : snapshot.deployments()) {
      lines.addAll(deploymentLines(d, snapshot.at()));
    }
    return lines;
  }

  private List<String> deploymentLines(Deployment d, Instant now) {
    List<String> lines = new ArrayList<>();
    String key = DeploymentFacts.key(d);
    String name = "deployment " + key;
    if (seen.put(key, d) == null) {
      lines.add(
          name
              + " created by "
              + DeploymentFacts.creator(d)
              + ": "
              + DeploymentFacts.revision(d)
              + (d.getSpec().getInstanceIds() == null
                  ? ""
                  : " to " + String.join(", ", d.getSpec().getInstanceIds()))
              + (d.getSpec().getDescription() == null
                  ? ""
                  : " (" + d.getSpec().getDescription() + ")"));
    }
    DeploymentStatus status = d.getStatus();
    if (status == null) {
      return lines;
    }
    DeploymentPhase phase = status.getPhase();
    DeploymentPhase before = phase == null ? null : phases.put(key, phase);
    if (phase == DeploymentPhase.InProgress) {
      deploymentStarts.putIfAbsent(key, now);
    }
    if (DeploymentFacts.finished(d) && before != phase && deploymentStarts.containsKey(key)) {
      deploymentDurations.put(key, Duration.between(deploymentStarts.get(key), now));
    }
    if (phase == DeploymentPhase.Queued && before != DeploymentPhase.Queued) {
      lines.add(
          name
              + " queued"
              + (status.getQueuedBehind() == null ? "" : " behind " + status.getQueuedBehind()));
    }
    if (phase == null || phase == DeploymentPhase.Created || phase == DeploymentPhase.Queued) {
      waitReason(status)
          .filter(c -> !c.getReason().equals(waitReasons.put(key, c.getReason())))
          .ifPresent(c -> lines.add(name + " waits: " + c.getReason() + ": " + c.getMessage()));
    }
    if (phase != null
        && phase != DeploymentPhase.Created
        && phase != DeploymentPhase.Queued
        && (before == null
            || before == DeploymentPhase.Created
            || before == DeploymentPhase.Queued)) {
      lines.add(
          name
              + " started: "
              + DeploymentFacts.revision(d)
              + " to "
              + DeploymentFacts.total(d)
              + " instance(s), "
              + Objects.toString(status.getDeploymentConfig(), "default configuration")
              + (status.getMinimumHealthyHosts() == null
                  ? ""
                  : ", at least " + status.getMinimumHealthyHosts() + " healthy"));
    }
    // Batch by batch, so that a batch's line comes before the lines of its instances.
    int batchCount = status.getBatches() == null ? 0 : status.getBatches().size();
    int known = batches.getOrDefault(key, 0);
    for (int n = 1; n <= batchCount; n++) {
      int number = n;
      List<InstanceStatus> members =
          DeploymentFacts.instances(d).stream()
              .filter(i -> i.getBatch() != null && i.getBatch() == number)
              .toList();
      if (n > known) {
        lines.add(
            name
                + " batch "
                + n
                + ": "
                + members.size()
                + " instance(s)"
                + (members.isEmpty()
                    ? ""
                    : " "
                        + members.stream()
                            .map(InstanceStatus::getId)
                            .collect(Collectors.joining(", "))));
      }
      members.forEach(instance -> lines.addAll(instanceLines(name, key, instance, now)));
    }
    batches.put(key, Math.max(known, batchCount));
    DeploymentFacts.instances(d).stream()
        .filter(i -> i.getBatch() == null || i.getBatch() > batchCount)
        .forEach(instance -> lines.addAll(instanceLines(name, key, instance, now)));
    if (DeploymentFacts.finished(d) && before != phase) {
      lines.add(
          name
              + " "
              + phase.name().toLowerCase(Locale.ROOT)
              + ": "
              + DeploymentFacts.count(d, ExecutionStatus.Succeeded)
              + "/"
              + DeploymentFacts.total(d)
              + " instance(s) succeeded"
              + deploymentDuration(d).map(t -> " in " + DeploymentFacts.format(t)).orElse("")
              + (status.getErrorInformation() == null
                  ? ""
                  : "; "
                      + status.getErrorInformation().getCode()
                      + ": "
                      + status.getErrorInformation().getMessage())
              + (status.getRollbackInfo() == null
                      || status.getRollbackInfo().getRollbackDeployment() == null
                  ? ""
                  : "; rolled back by " + status.getRollbackInfo().getRollbackDeployment()));
    }
    return lines;
  }

  /**
   * Why a Deployment has not started, from its Ready condition; starting and queueing have lines of
   * their own.
   */
  private static Optional<Condition> waitReason(DeploymentStatus status) {
    return Settlement.condition(status.getConditions(), "Ready")
        .filter(c -> c.getReason() != null && !QUIET_WAIT_REASONS.contains(c.getReason()));
  }

  private List<String> instanceLines(
      String name, String deploymentKey, InstanceStatus instance, Instant now) {
    String key = deploymentKey + "/" + instance.getId();
    ExecutionStatus status = instance.getStatus();
    ExecutionStatus before = status == null ? null : instanceStatuses.put(key, status);
    if (status == ExecutionStatus.InProgress && !instanceStarts.containsKey(key)) {
      instanceStarts.put(key, now);
    }
    if (status == null || status == before || !DeploymentFacts.done(status)) {
      return List.of();
    }
    Instant started = instanceStarts.get(key);
    if (started != null) {
      instanceDurations.put(key, Duration.between(started, now));
    }
    Optional<Duration> took = instanceDuration(deploymentKey, instance);
    String line =
        ": "
            + instance.getId()
            + " "
            + status.name().toLowerCase(Locale.ROOT)
            + took.map(t -> " in " + DeploymentFacts.format(t)).orElse("");
    if (status != ExecutionStatus.Succeeded) {
      line += failure(instance);
    }
    return List.of(name + line);
  }

  private static String failure(InstanceStatus instance) {
    Optional<LifecycleEventStatus> failed =
        instance.getEvents() == null
            ? Optional.empty()
            : instance.getEvents().stream()
                .filter(e -> e.getStatus() == ExecutionStatus.Failed)
                .findFirst();
    String where =
        failed
            .map(LifecycleEventStatus::getName)
            .or(() -> Optional.ofNullable(instance.getLastEvent()))
            .map(e -> " at " + e)
            .orElse("");
    String why =
        failed
            .map(LifecycleEventStatus::getDiagnostics)
            .map(
                diag ->
                    Objects.toString(diag.getErrorCode(), "")
                        + (diag.getMessage() == null ? "" : ": " + diag.getMessage()))
            .orElse(Objects.toString(instance.getMessage(), ""));
    return where + (why.isBlank() ? "" : ": " + why.lines().collect(Collectors.joining(" ")));
  }

  /** How long an instance took in a Deployment: as observed, else from the status's times. */
  public Optional<Duration> instanceDuration(String deploymentKey, InstanceStatus instance) {
    Duration observed = instanceDurations.get(deploymentKey + "/" + instance.getId());
    return observed != null
        ? Optional.of(observed)
        : DeploymentFacts.between(instance.getStartTime(), instance.getEndTime());
  }

  /** How long a Deployment ran: as observed, else from the status's times. */
  public Optional<Duration> deploymentDuration(Deployment d) {
    Duration observed = deploymentDurations.get(DeploymentFacts.key(d));
    return observed != null ? Optional.of(observed) : DeploymentFacts.duration(d);
  }

  /** Every Deployment seen so far, in the order first seen, as last seen. */
  public Collection<Deployment> deployments() {
    return List.copyOf(seen.values());
  }

  public Progress progress() {
    int done = 0;
    int total = 0;
    int finished = 0;
    for (Deployment d : seen.values()) {
      total += DeploymentFacts.total(d);
      done +=
          (int)
              DeploymentFacts.instances(d).stream()
                  .filter(i -> DeploymentFacts.done(i.getStatus()))
                  .count();
      finished += DeploymentFacts.finished(d) ? 1 : 0;
    }
    return new Progress(done, total, finished, seen.size());
  }
}
