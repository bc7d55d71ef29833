package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentCreator;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.PauseStatus;
import io.fleetdeploy.api.v1alpha1.ZoneStatus;
import io.fleetdeploy.controller.Conditions;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.rollout.RolloutDecider;
import io.fleetdeploy.rollout.RolloutDecision;
import io.fleetdeploy.rollout.RolloutShape;
import io.fleetdeploy.rollout.RolloutSnapshot;
import io.fleetdeploy.rollout.RolloutStage;
import io.fleetdeploy.rollout.StageState;
import io.fleetdeploy.rollout.StagedDecider;
import io.fleetdeploy.rollout.StagedDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Staged rollouts in the Deployment controller: builds the stages of a {@code steps} or {@code
 * zonal} configuration from status, asks {@link StagedDecider}, and records where the rollout is
 * ({@code currentStep}, {@code stepStartTime}, {@code pause}, the zones) in the status that is
 * written before anything is sent. A bake or pause ends at a time computed from {@code
 * stepStartTime}, so a restarted operator waits only for what is left; nothing sleeps, the
 * reconcile is rescheduled. Rollbacks and Auto Scaling launches are not staged: they restore or
 * complete the fleet and must not wait for a promotion.
 */
final class StageDriver {
  private final AlarmCheck alarms;
  private final Duration alarmPoll;
  private final Clock clock;
  private final RolloutDecider plain = new RolloutDecider();
  private final StagedDecider staged = new StagedDecider();

  /** When each held deployment wants to be looked at again (only saves work: status has it). */
  private final Map<String, Instant> wake = new ConcurrentHashMap<>();

  StageDriver(AlarmCheck alarms, Duration alarmPoll, Clock clock) {
    this.alarms = alarms;
    this.alarmPoll = alarmPoll;
    this.clock = clock;
  }

  /** Records the zones of a zonal deployment at its start, from the instances' AZs. */
  static void recordZones(
      DeploymentProgress progress, DeploymentSettings settings, List<FleetInstance> targets) {
    if (!(settings.shape() instanceof RolloutShape.Zonal)) {
      return;
    }
    Map<String, String> zoneOf = new HashMap<>();
    targets.forEach(i -> zoneOf.put(i.id(), i.availabilityZone()));
    List<String> ordered =
        progress.instances().stream()
            .map(io.fleetdeploy.api.v1alpha1.InstanceStatus::getId)
            .toList();
    List<ZoneStatus> zones = new ArrayList<>();
    RolloutShape.Zonal.zones(ordered, zoneOf)
        .forEach(
            (name, ids) -> {
              ZoneStatus zone = new ZoneStatus();
              zone.setName(name);
              zone.setInstances(new ArrayList<>(ids));
              zones.add(zone);
            });
    progress.status().setZones(zones);
  }

  /** The next rollout decision, with the stage state recorded in {@code progress}. */
  RolloutDecision decide(
      Deployment deployment,
      DeploymentGroup group,
      DeploymentSettings settings,
      DeploymentProgress progress,
      boolean stop) {
    String uid = deployment.getMetadata().getUid();
    RolloutSnapshot snapshot = progress.snapshot(stop);
    DeploymentStatus status = progress.status();
    DeploymentCreator creator = status.getCreator();
    if (settings.shape() instanceof RolloutShape.Plain
        || creator == DeploymentCreator.ROLLBACK
        || creator == DeploymentCreator.AUTOSCALING) {
      wake.remove(uid);
      return plain.decide(snapshot);
    }
    List<String> ordered =
        progress.instances().stream()
            .map(io.fleetdeploy.api.v1alpha1.InstanceStatus::getId)
            .toList();
    Map<String, String> zoneOf = new HashMap<>();
    if (status.getZones() != null) {
      status.getZones().forEach(z -> z.getInstances().forEach(id -> zoneOf.put(id, z.getName())));
    }
    List<RolloutStage> stages = settings.shape().stages(ordered, zoneOf);
    Instant now = clock.instant();
    StageState before =
        new StageState(
            status.getCurrentStep() == null ? 0 : status.getCurrentStep(),
            status.getStepStartTime() != null
                ? Instant.parse(status.getStepStartTime())
                : status.getStartTime() != null ? Instant.parse(status.getStartTime()) : now,
            deployment.getSpec().getPromote() == null ? -1 : deployment.getSpec().getPromote());
    StagedDecision decision =
        staged.decide(stages, before, snapshot, now, () -> alarms.firing(deployment, group));
    StageState after = decision.state();
    if (status.getCurrentStep() == null || after.current() != before.current()) {
      status.setCurrentStep(after.current());
      status.setStepStartTime(DeploymentProgress.time(after.enteredAt()));
      if (status.getCurrentStep() != null && after.current() != before.current()) {
        progress.event(
            EventReason.StepStarted,
            after.current() < stages.size()
                ? "Step " + after.current() + ": " + stages.get(after.current()).label()
                : "All " + stages.size() + " steps passed");
      }
    }
    zones(status, stages, after.current());
    if (decision.hold().isPresent()) {
      StagedDecision.Hold hold = decision.hold().get();
      PauseStatus pause = new PauseStatus();
      pause.setReason(hold.reason().name());
      pause.setMessage(hold.message());
      pause.setStep(hold.stage());
      pause.setUntil(hold.until().map(DeploymentProgress::time).orElse(null));
      status.setPause(pause);
      Instant next = hold.until().orElse(now.plus(Duration.ofMinutes(5)));
      if (hold.reason() == StagedDecision.HoldReason.CheckingAlarms
          || hold.reason() == StagedDecision.HoldReason.Baking) {
        Instant poll = now.plus(alarmPoll);
        next = poll.isBefore(next) ? poll : next;
      }
      wake.put(uid, next);
    } else {
      status.setPause(null);
      wake.remove(uid);
    }
    return decision.decision();
  }

  /** When a held deployment wants to be reconciled again, if it is held. */
  Optional<Duration> nextLook(Deployment deployment) {
    Instant at = wake.get(deployment.getMetadata().getUid());
    if (at == null) {
      return Optional.empty();
    }
    Duration d = Duration.between(clock.instant(), at);
    return Optional.of(d.isNegative() ? Duration.ZERO : d);
  }

  void forget(String uid) {
    wake.remove(uid);
  }

  /** currentZone and completedZones of a zonal rollout: zone k is stage 2k, bakes in between. */
  private static void zones(DeploymentStatus status, List<RolloutStage> stages, int current) {
    if (status.getZones() == null) {
      return;
    }
    List<String> completed = new ArrayList<>();
    String currentZone = null;
    for (int i = 0; i < stages.size(); i++) {
      if (stages.get(i) instanceof RolloutStage.Deploy deploy) {
        if (i < current) {
          completed.add(deploy.zone());
        }
        if (i == current || (i == current - 1 && current < stages.size())) {
          currentZone = deploy.zone();
        }
      }
    }
    status.setCompletedZones(completed);
    status.setCurrentZone(currentZone);
  }

  /** The Paused condition of a running staged deployment: True with why and until while held. */
  static void condition(Conditions conditions, DeploymentStatus status) {
    if (status.getCurrentStep() == null) {
      return;
    }
    PauseStatus pause = status.getPause();
    boolean running = status.getPhase() == io.fleetdeploy.api.v1alpha1.DeploymentPhase.InProgress;
    if (pause != null && running) {
      conditions.set(
          "Paused",
          true,
          pause.getReason(),
          pause.getMessage()
              + (pause.getUntil() == null ? "" : " (until " + pause.getUntil() + ")"));
    } else {
      conditions.set(
          "Paused",
          false,
          running ? "Rolling" : "Complete",
          running ? "Step " + status.getCurrentStep() + " is running." : "The deployment is over.");
    }
  }
}
