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

  /**
   * CodeDeploy's pacing for a deployment of {@code total} instances with this minimum: waves of at
   * most {@code total - minimum} instances ("as many as possible without the healthy count dropping
   * below the minimum", counting every instance, so OneAtATime never runs two at once even when the
   * fleet is unhealthy or never deployed to).
   */
  public static BatchPolicy codeDeploy(int total, int minimumHealthyHosts) {
    return new BatchPolicy(Pacing.WAVES, OptionalInt.of(Math.max(1, total - minimumHealthyHosts)));
  }

  public static BatchPolicy of(Pacing pacing) {
    return new BatchPolicy(pacing, OptionalInt.empty());
  }

  public BatchPolicy withMaxInProgress(int max) {
    return new BatchPolicy(pacing, OptionalInt.of(max));
  }
}
