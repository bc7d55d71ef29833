package io.fleetdeploy.rollout;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How batches are paced and capped, on top of what the minimum healthy hosts allow.
 *
 * @param pacing whether a batch waits for the previous one to finish entirely
 * @param maxInProgress at most this many instances in progress at once (with {@link Pacing#WAVES}
 *     that is the largest batch); empty for no cap beyond the health arithmetic
 */
public record BatchPolicy(Pacing pacing, OptionalInt maxInProgress) {

  /** Waves, no cap: CodeDeploy's behaviour. */
  public static final BatchPolicy CODEDEPLOY = new BatchPolicy(Pacing.WAVES, OptionalInt.empty());

  public BatchPolicy {
    Objects.requireNonNull(pacing, "pacing");
    Objects.requireNonNull(maxInProgress, "maxInProgress");
    if (maxInProgress.isPresent() && maxInProgress.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "maxInProgress must be at least 1, got " + maxInProgress.getAsInt());
    }
  }

  public static BatchPolicy of(Pacing pacing) {
    return new BatchPolicy(pacing, OptionalInt.empty());
  }

  public BatchPolicy withMaxInProgress(int max) {
    return new BatchPolicy(pacing, OptionalInt.of(max));
  }
}
