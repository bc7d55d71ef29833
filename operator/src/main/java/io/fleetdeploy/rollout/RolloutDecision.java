package io.fleetdeploy.rollout;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the controller does next for a deployment. Every snapshot gets exactly one of these.
 *
 * <p>All id lists are in rollout order.
 */
public sealed interface RolloutDecision
    permits RolloutDecision.StartBatch,
        RolloutDecision.Wait,
        RolloutDecision.Halt,
        RolloutDecision.Finish {

  /**
   * Start these instances as batch {@code batchNumber}. The controller records them as in progress
   * and the batch counter in one status write before it sends anything, and names the batch in the
   * send (e.g. the SSM Comment) so a restart finds an earlier send instead of sending twice.
   */
  record StartBatch(int batchNumber, List<String> instanceIds) implements RolloutDecision {
    public StartBatch {
      instanceIds = List.copyOf(instanceIds);
      if (batchNumber < 1 || instanceIds.isEmpty()) {
        throw new IllegalArgumentException("a batch has a number from 1 and at least one instance");
      }
    }
  }

  /** Nothing to start now; wait for results of the instances in progress. */
  record Wait(List<String> inProgress) implements RolloutDecision {
    public Wait {
      inProgress = List.copyOf(inProgress);
    }
  }

  /**
   * The deployment is decided to end as {@code outcome} (Failed or Stopped) but instances are still
   * in progress: mark {@code idsToSkip} Skipped now, start nothing more, and ask again as the
   * instances in progress finish. The final {@link Finish} comes when none is left in progress.
   * Record {@code errorCode} and {@code message} in status right away so users see why.
   */
  record Halt(
      RolloutOutcome outcome,
      RolloutErrorCode errorCode,
      String message,
      List<String> idsToSkip,
      List<String> inProgress)
      implements RolloutDecision {
    public Halt {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(errorCode, "errorCode");
      Objects.requireNonNull(message, "message");
      idsToSkip = List.copyOf(idsToSkip);
      inProgress = List.copyOf(inProgress);
      if (outcome == RolloutOutcome.SUCCEEDED || inProgress.isEmpty()) {
        throw new IllegalArgumentException(
            "a halt heads for Failed or Stopped while instances run");
      }
    }
  }

  /**
   * The deployment is over: mark {@code idsToSkip} Skipped and set the final phase.
   *
   * @param errorCode empty exactly when the outcome is Succeeded
   */
  record Finish(
      RolloutOutcome outcome,
      Optional<RolloutErrorCode> errorCode,
      String message,
      List<String> idsToSkip)
      implements RolloutDecision {
    public Finish {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(errorCode, "errorCode");
      Objects.requireNonNull(message, "message");
      idsToSkip = List.copyOf(idsToSkip);
      if ((outcome == RolloutOutcome.SUCCEEDED) != errorCode.isEmpty()) {
        throw new IllegalArgumentException("only a success comes without an error code");
      }
    }

    static Finish succeeded(String message) {
      return new Finish(RolloutOutcome.SUCCEEDED, Optional.empty(), message, List.of());
    }

    static Finish ended(
        RolloutOutcome outcome, RolloutErrorCode code, String message, List<String> idsToSkip) {
      return new Finish(outcome, Optional.of(code), message, idsToSkip);
    }
  }
}
