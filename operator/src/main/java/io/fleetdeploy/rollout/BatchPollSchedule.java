package io.fleetdeploy.rollout;

import java.time.Duration;
import java.time.Instant;

/**
 * When a deployment looks at its running batch's hosts again. A batch takes about as long as the
 * one before it, so the first look is when the previous batch is expected to end (before any batch
 * ended, half the batch's age), but not sooner than a fortieth of the poll interval (25 ms at the
 * default 1 s): a batch of fast hosts is seen done almost at once instead of a quarter interval
 * later, which was most of the cost of a OneAtATime batch. After a look that found it still
 * running, every quarter of the poll interval; never less often than the interval itself.
 *
 * <p>A batch found finished at its first look may have ended well before it, so that look's time is
 * an upper bound only: the next expectation is three quarters of it. Taking it whole would let the
 * expectation only grow, batch after batch, with every late look.
 */
public final class BatchPollSchedule {
  private final Duration most;
  private final Duration least;
  private final Duration soonest;
  private Instant started;
  private Duration expected;
  private boolean seenRunning;

  public BatchPollSchedule(Duration pollInterval) {
    this.most = pollInterval;
    this.least = pollInterval.dividedBy(4);
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
    Duration wait;
    Duration floor = soonest;
    if (expected == null) {
      wait = Duration.between(started, now).dividedBy(2);
    } else if (seenRunning) {
      wait = least;
      floor = least;
    } else {
      wait = Duration.between(now, started.plus(expected));
    }
    return wait.compareTo(floor) < 0 ? floor : wait.compareTo(most) > 0 ? most : wait;
  }
}
