package io.fleetdeploy.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * When a deployment looks at its running batch's hosts again. A batch takes about as long as the
 * one before it, so the first look is when the previous batch is expected to end; after a look that
 * found the batch still running past that time, the next comes after a twentieth of the batch's
 * age: such a batch is seen done at most about 5 % after it ended (plus the look itself), which
 * keeps a rollout's wall time within a few percent of its hosts' time. Before any batch ended there
 * is no expectation, and looking every twentieth of the age from the start would cost dozens of
 * calls in a batch's first seconds; the first batch is looked at after a quarter of its age (seen
 * done at most ~25 % late). Never sooner than a fortieth of the poll interval (25 ms at the default
 * 1 s), never later than the interval: a batch of minutes is looked at once a second.
 *
 * <p>A batch found finished at its first look may have ended well before it, so that look's time is
 * an upper bound only: the next expectation is three quarters of it. Taking it whole would let the
 * expectation only grow, batch after batch, with every late look.
 */
public final class BatchPollSchedule {
  /** Past its expected end, a batch is looked at after 1/20 of its age: 5 % late at most. */
  private static final int LATENESS = 20;

  /** The first batch (no expectation yet) is looked at after 1/4 of its age. */
  private static final int FIRST_BATCH_LATENESS = 4;

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
    Duration age = Duration.between(started, now);
    Duration wait;
    if (expected == null) {
      wait = age.dividedBy(FIRST_BATCH_LATENESS);
    } else if (!seenRunning) {
      wait = Duration.between(now, started.plus(expected));
    } else {
      wait = age.dividedBy(LATENESS);
    }
    return wait.compareTo(soonest) < 0 ? soonest : wait.compareTo(most) > 0 ? most : wait;
  }
}
