package io.fleetdeploy.rollout;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link StagedDecider} decided: the stage state to record (it moves on when a stage is done)
 * and either a {@link RolloutDecision} to act on or a hold.
 *
 * @param state the stage state to write to status (unchanged if no stage was passed)
 * @param decision what to do with the instances; a {@link RolloutDecision.Wait} while holding
 * @param hold why the rollout holds, when it does
 */
public record StagedDecision(StageState state, RolloutDecision decision, Optional<Hold> hold) {
  public StagedDecision {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(hold, "hold");
  }

  /** Why the rollout waits between stages. */
  public enum HoldReason {
    /** A {@code pause} step with a duration. */
    Paused,
    /** A {@code pause: {}} step: until {@code spec.promote} passes it. */
    AwaitingPromotion,
    /** A {@code checkAlarms} step. */
    CheckingAlarms,
    /** A zonal rollout's monitor duration between two zones. */
    Baking
  }

  /**
   * The rollout holds at stage {@code stage} for {@code reason}.
   *
   * @param until when the hold ends by itself; empty for a pause until promoted
   */
  public record Hold(int stage, HoldReason reason, String message, Optional<Instant> until) {
    public Hold {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(until, "until");
    }
  }
}
