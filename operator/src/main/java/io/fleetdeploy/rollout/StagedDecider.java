package io.fleetdeploy.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A staged rollout ({@link RolloutShape.Steps} or {@link RolloutShape.Zonal}) as a pure function:
 * the stages, where the rollout is in them ({@link StageState}, kept in status), the snapshot, the
 * time and the alarms in; the next stage state and what to do out. The batches inside a stage are
 * {@link RolloutDecider}'s, restricted to the stage's instances, so the minimum healthy hosts and
 * every outcome rule hold as in an unstaged rollout.
 *
 * <ul>
 *   <li>A failure or a stop wins over any stage: if the whole-fleet decision halts or ends the
 *       deployment other than in success, that is the decision (a stop during a pause ends it).
 *   <li>{@link RolloutStage.Deploy}: batches among its instances; passed when none of them is
 *       pending or in progress. With a {@link RolloutStage.ZoneLimit}, a batch also leaves at least
 *       the zone's minimum healthy (an instance unhealthy before costs nothing, as for the fleet).
 *       If nothing of the stage can start and nothing runs, the minimum is out of reach: Failed,
 *       {@code HEALTH_CONSTRAINTS}.
 *   <li>{@link RolloutStage.Wait}: passed once its duration has elapsed since the stage was
 *       entered; while it lasts, a stage that watches alarms fails the deployment ({@code
 *       ALARM_ACTIVE}) as soon as an alarm is reported.
 *   <li>{@link RolloutStage.AwaitPromotion}: passed once {@code promotedThrough} reaches its index.
 *   <li>After the last stage, the rest of the fleet is deployed to, and the deployment ends as an
 *       unstaged one would.
 * </ul>
 */
public final class StagedDecider {
  private final RolloutDecider decider = new RolloutDecider();

  /**
   * What to do next in a staged rollout: the next batch of the current stage, a wait, or the end.
   *
   * @param alarms the alarm in ALARM, if any, with why (asked only while a stage watches alarms)
   */
  public StagedDecision decide(
      List<RolloutStage> stages,
      StageState state,
      RolloutSnapshot snapshot,
      Instant now,
      Supplier<Optional<String>> alarms) {
    RolloutDecision whole = decider.decide(snapshot);
    if (whole instanceof RolloutDecision.Halt
        || (whole instanceof RolloutDecision.Finish f && f.outcome() != RolloutOutcome.SUCCEEDED)) {
      return new StagedDecision(state, whole, Optional.empty());
    }
    Map<String, InstanceProgress> byId = new java.util.HashMap<>();
    snapshot.instances().forEach(i -> byId.put(i.id(), i));
    StageState at = state;
    while (at.current() < stages.size()) {
      RolloutStage stage = stages.get(at.current());
      if (stage instanceof RolloutStage.Deploy deploy) {
        boolean open =
            deploy.eligible().stream()
                .map(byId::get)
                .anyMatch(
                    i ->
                        i != null
                            && (i.status() == InstanceStatus.PENDING
                                || i.status() == InstanceStatus.IN_PROGRESS));
        if (!open) {
          at = at.next(now);
          continue;
        }
        return new StagedDecision(at, deployIn(deploy, snapshot, byId), Optional.empty());
      }
      if (stage instanceof RolloutStage.Wait wait) {
        if (wait.kind().watchesAlarms()) {
          Optional<String> alarm = alarms.get();
          if (alarm.isPresent()) {
            return new StagedDecision(
                at,
                end(
                    snapshot,
                    RolloutErrorCode.ALARM_ACTIVE,
                    alarm.get() + " during " + wait.label()),
                Optional.empty());
          }
        }
        Instant until = at.enteredAt().plus(wait.duration());
        if (!now.isBefore(until)) {
          at = at.next(now);
          continue;
        }
        StagedDecision.HoldReason reason =
            switch (wait.kind()) {
              case PAUSE -> StagedDecision.HoldReason.Paused;
              case CHECK_ALARMS -> StagedDecision.HoldReason.CheckingAlarms;
              case BAKE -> StagedDecision.HoldReason.Baking;
            };
        return hold(
            at,
            reason,
            wait.label() + ": waiting " + StepDuration.format(wait.duration()) + " until " + until,
            Optional.of(until));
      }
      if (at.promotedThrough() >= at.current()) {
        at = at.next(now);
        continue;
      }
      return hold(
          at,
          StagedDecision.HoldReason.AwaitingPromotion,
          stage.label() + ": set spec.promote to " + at.current() + " to go on",
          Optional.empty());
    }
    return new StagedDecision(at, whole, Optional.empty());
  }

  private static StagedDecision hold(
      StageState at, StagedDecision.HoldReason reason, String message, Optional<Instant> until) {
    return new StagedDecision(
        at,
        new RolloutDecision.Wait(List.of()),
        Optional.of(new StagedDecision.Hold(at.current(), reason, message, until)));
  }

  private RolloutDecision deployIn(
      RolloutStage.Deploy deploy, RolloutSnapshot snapshot, Map<String, InstanceProgress> byId) {
    RolloutDecision inStage = decider.decide(snapshot, deploy.eligible()::contains);
    List<String> running =
        snapshot.instances().stream()
            .filter(i -> i.status() == InstanceStatus.IN_PROGRESS)
            .map(InstanceProgress::id)
            .toList();
    if (inStage instanceof RolloutDecision.StartBatch start && deploy.zoneLimit().isPresent()) {
      List<String> kept = withinZone(start.instanceIds(), deploy, byId);
      if (!kept.isEmpty()) {
        return new RolloutDecision.StartBatch(start.batchNumber(), kept);
      }
      if (!running.isEmpty()) {
        return new RolloutDecision.Wait(running);
      }
      RolloutStage.ZoneLimit limit = deploy.zoneLimit().get();
      return end(
          snapshot,
          RolloutErrorCode.HEALTH_CONSTRAINTS,
          "no instance of zone "
              + limit.zone()
              + " can be taken out of service without fewer than "
              + limit.minimum()
              + " of its instances healthy (minimumHealthyHostsPerZone)");
    }
    if (inStage instanceof RolloutDecision.Wait wait && wait.inProgress().isEmpty()) {
      return end(
          snapshot,
          RolloutErrorCode.HEALTH_CONSTRAINTS,
          "no instance of "
              + deploy.label()
              + " can be taken out of service without fewer than "
              + snapshot.minimumHealthyHosts()
              + " instances healthy");
    }
    return inStage;
  }

  /** The batch's instances that keep the zone's minimum: unhealthy ones cost nothing. */
  private static List<String> withinZone(
      List<String> batch, RolloutStage.Deploy deploy, Map<String, InstanceProgress> byId) {
    int healthy =
        (int)
            deploy.eligible().stream()
                .map(byId::get)
                .filter(InstanceProgress::isHealthyNow)
                .count();
    int budget = healthy - deploy.zoneLimit().get().minimum();
    List<String> kept = new ArrayList<>();
    for (String id : batch) {
      InstanceProgress instance = byId.get(id);
      if (instance.healthBefore() == Health.UNHEALTHY) {
        kept.add(id);
      } else if (budget > 0) {
        kept.add(id);
        budget--;
      }
    }
    return kept;
  }

  /** Ends the deployment Failed: pending instances skipped; waits for any still in progress. */
  private static RolloutDecision end(
      RolloutSnapshot snapshot, RolloutErrorCode code, String reason) {
    Function<InstanceStatus, List<String>> with =
        s ->
            snapshot.instances().stream()
                .filter(i -> i.status() == s)
                .map(InstanceProgress::id)
                .toList();
    List<String> pending = with.apply(InstanceStatus.PENDING);
    List<String> running = with.apply(InstanceStatus.IN_PROGRESS);
    String message =
        reason
            + (pending.isEmpty()
                ? ""
                : "; " + RolloutDecider.count(pending.size(), "pending instance") + " skipped");
    if (running.isEmpty()) {
      return RolloutDecision.Finish.ended(RolloutOutcome.FAILED, code, message, pending);
    }
    return new RolloutDecision.Halt(RolloutOutcome.FAILED, code, message, pending, running);
  }
}
