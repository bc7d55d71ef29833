package io.fleetdeploy.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a staged rollout is, as kept in the Deployment's status: the index of the current stage and
 * when it was entered (a bake or pause ends that long after, so a restarted operator waits only for
 * what is left), and the promotion asked for in the spec.
 *
 * @param current the index of the current stage; the number of stages once all are passed
 * @param enteredAt when the current stage was entered
 * @param promotedThrough {@code spec.promote}: pauses up to this index are passed; -1 for none
 */
public record StageState(int current, Instant enteredAt, int promotedThrough) {
  public StageState {
    Objects.requireNonNull(enteredAt, "enteredAt");
    if (current < 0) {
      throw new IllegalArgumentException("current stage must not be negative, got " + current);
    }
  }

  StageState next(Instant now) {
    return new StageState(current + 1, now, promotedThrough);
  }
}
