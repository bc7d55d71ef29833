package io.fleetdeploy.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * When a deployment looks at its running batch's hosts again. A batch takes about as long as the
 * one before it, so the first look is when the previous batch is expected to end. Before any batch
 * ended, and after a look that found the batch still running past that time, the next look comes
 * after a twentieth of the batch's age: a batch is seen done at most about 5 % after it ended (plus
 * the look itself), which is what keeps a rollout's wall time within a few percent of its hosts'
 * time. Never sooner than a fortieth of the poll interval (25 ms at the default 1 s), never later
 * than the interval: a batch of minutes is looked at once a second, as before.
 *
 * <p>A look costs one call when nothing moved (see the SSM executor's change check), so the looks a
 * short batch gets (about 35 in its first second) are cheap; a long one gets one a second.
 *
 * <p>A batch found finished at its first look may have ended well before it, so that look's time is
 * an upper bound only: the next expectation is three quarters of it. Taking it whole would let the
 * expectation only grow, batch after batch, with every late look.
 */
public final class BatchPollSchedule {
  /** A look comes after at most this fraction of the batch's age: 1/20, so 5 % late at most. */
  private static final int LATENESS = 20;

  private final Duration most;
  private final Duration soonest;
  private Instant started;
  private Duration expected;
  private boolean seenRunning;

  public BatchPollSchedule(Duration pollInterval) {
    this.most = pollInterval;
    this.soonest = pollInterval.dividedBy(40);
  }

  public void batchStarted(Instant now) {
    started = now;
    seenRunning = false;
  }

  /** Records a look at the batch: whether it had ended by {@code now}. */
  public void looked(Instant now, boolean batchEnded) {
    if (started == null) {
      return;
    }
    if (!batchEnded) {
      // Only a look at or after the expected end says the expectation was too short.
      if (expected == null || !now.isBefore(started.plus(expected))) {
        seenRunning = true;
      }
      return;
    }
    Duration took = Duration.between(started, now);
    expected = seenRunning || expected == null ? took : took.multipliedBy(3).dividedBy(4);
    started = null;
  }

  /** How long from {@code now} until the next look. */
  public Duration next(Instant now) {
    if (started == null) {
      return most;
    }
    Duration wait =
        expected != null && !seenRunning
            ? Duration.between(now, started.plus(expected))
            : Duration.between(started, now).dividedBy(LATENESS);
    return wait.compareTo(soonest) < 0 ? soonest : wait.compareTo(most) > 0 ? most : wait;
  }
}
