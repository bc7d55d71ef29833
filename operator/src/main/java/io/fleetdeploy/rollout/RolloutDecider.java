package io.fleetdeploy.rollout;

import java.util.List;
import java.util.Optional;

/**
 * The rollout as a pure function: a {@link RolloutSnapshot} in, the next {@link RolloutDecision}
 * out. No clock, no I/O, no state: the same snapshot always gets the same decision, which is what
 * lets a restarted operator resume from status alone. The rules are in {@code package-info.java}.
 */
public final class RolloutDecider {

  public RolloutDecision decide(RolloutSnapshot snapshot) {
    return decide(snapshot, id -> true);
  }

  /**
   * As {@link #decide(RolloutSnapshot)}, but a batch is chosen among the {@code eligible} instances
   * only (a stage of a staged rollout, see {@link StagedDecider}); every rule on health, stops and
   * outcomes still looks at the whole fleet.
   */
  public RolloutDecision decide(
      RolloutSnapshot snapshot, java.util.function.Predicate<String> eligible) {
    FleetTally tally = FleetTally.of(snapshot.instances());
    int total = tally.total();
    int minimum = snapshot.minimumHealthyHosts();

    if (total == 0) {
      return RolloutDecision.Finish.ended(
          RolloutOutcome.FAILED,
          RolloutErrorCode.NO_INSTANCES,
          "the deployment has no target instances",
          List.of());
    }
    if (minimum >= total) {
      return halt(
          tally,
          RolloutOutcome.FAILED,
          RolloutErrorCode.HEALTH_CONSTRAINTS_INVALID,
          StartCheck.noRoomMessage(minimum, " for " + count(total, "instance"), total));
    }
    Optional<String> shortfall = HealthProjection.shortfall(tally, minimum);
    if (shortfall.isPresent()) {
      return halt(
          tally, RolloutOutcome.FAILED, RolloutErrorCode.HEALTH_CONSTRAINTS, shortfall.get());
    }
    // Skipped instances without a health shortfall can only come from an earlier stop.
    if (snapshot.stopRequested() || tally.overview().skipped() > 0) {
      return halt(
          tally, RolloutOutcome.STOPPED, RolloutErrorCode.MANUAL_STOP, "stopped on request");
    }

    RolloutOverview overview = tally.overview();
    if (overview.pending() == 0 && overview.inProgress() == 0) {
      return RolloutDecision.Finish.succeeded(successMessage(overview, minimum));
    }
    if (overview.inProgress() > 0 && snapshot.batchPolicy().pacing() == Pacing.WAVES) {
      return new RolloutDecision.Wait(tally.idsWith(InstanceStatus.IN_PROGRESS));
    }
    List<String> batch = BatchSelector.select(tally, minimum, snapshot.batchPolicy(), eligible);
    if (!batch.isEmpty()) {
      return new RolloutDecision.StartBatch(snapshot.batchesStarted() + 1, batch);
    }
    // Something is in progress here: with nothing in progress and nothing startable while
    // instances are pending, the health projection has already failed the deployment.
    return new RolloutDecision.Wait(tally.idsWith(InstanceStatus.IN_PROGRESS));
  }

  /**
   * Ends the deployment as {@code outcome}: pending instances are skipped at once; if any are still
   * in progress the end waits for them.
   */
  private static RolloutDecision halt(
      FleetTally tally, RolloutOutcome outcome, RolloutErrorCode code, String reason) {
    List<String> toSkip = tally.idsWith(InstanceStatus.PENDING);
    List<String> inProgress = tally.idsWith(InstanceStatus.IN_PROGRESS);
    StringBuilder message = new StringBuilder(reason);
    if (!toSkip.isEmpty()) {
      message.append("; ").append(count(toSkip.size(), "pending instance")).append(" skipped");
    }
    if (inProgress.isEmpty()) {
      return RolloutDecision.Finish.ended(outcome, code, message.toString(), toSkip);
    }
    message
        .append("; waiting for ")
        .append(count(inProgress.size(), "instance"))
        .append(" in progress to finish");
    return new RolloutDecision.Halt(outcome, code, message.toString(), toSkip, inProgress);
  }

  private static String successMessage(RolloutOverview overview, int minimum) {
    String failed = overview.failed() == 0 ? "" : " (" + overview.failed() + " failed)";
    return "succeeded on "
        + overview.succeeded()
        + " of "
        + count(overview.total(), "instance")
        + failed
        + "; minimum healthy hosts "
        + minimum
        + " met";
  }

  static String count(int n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }
}
