package io.fleetdeploy.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a deployment looks at its running batch's hosts again. A batch takes about as long as the
 * one before it, so the first look is when the previous batch is expected to end; after a look that
 * found the batch still running past that time, the next comes after a twentieth of the batch's
 * age: such a batch is seen done at most about 5 % after it ended (plus the look itself), which
 * keeps a rollout's wall time within a few percent of its hosts' time. Before any batch ended there
 * is no expectation, and looking every twentieth of the age from the start would cost dozens of
 * calls in a batch's first seconds; the first batch is looked at after a quarter of its age (seen
 * done at most ~25 % late), unless the group's previous deployment gave an expectation ({@link
 * #expectFromEarlier}). Never sooner than a fortieth of the poll interval (25 ms at the default 1
 * s), never later than the interval: a batch of minutes is looked at once a second.
 *
 * <p>A batch found finished at its first look may have ended well before it, so that look's time is
 * an upper bound only: the next expectation is three quarters of it. Taking it whole would let the
 * expectation only grow, batch after batch, with every late look. The same holds for a batch looked
 * at without an expectation of its own (the first, looked at a quarter of its age apart): it ended
 * after the last look that saw it running, and that look (or three quarters of the one that saw it
 * done, if later) is the next expectation; the next batch is then seen done at most ~5 % late, not
 * up to 25 % as the first.
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

  /** The last look at the running batch that found it still running. */
  private Instant lastRunning;

  /** The expectation came from an earlier deployment ({@link #expectFromEarlier}), not a batch. */
  private boolean expectedFromEarlier;

  public BatchPollSchedule(Duration pollInterval) {
    this.most = pollInterval;
    this.soonest = pollInterval.dividedBy(40);
  }

  /**
   * What batches of the same group took in an earlier deployment, for a first batch that has no
   * expectation of its own. That deployment may have had another revision, quicker or slower, so
   * the first batch is still looked at after a quarter of its age, but also exactly when it is
   * expected to end, and after a twentieth of its age from then on: seen done at most ~5 % late
   * when the group's pace held, and never later than without it. Ignored once this schedule has an
   * expectation of its own.
   */
  public void expectFromEarlier(Duration earlier) {
    if (expected == null && earlier.compareTo(Duration.ZERO) > 0) {
      expected = earlier;
      expectedFromEarlier = true;
    }
  }

  /** What the next batch is expected to take, once a batch was seen to end. */
  public Optional<Duration> expectation() {
    return Optional.ofNullable(expected);
  }

  public void batchStarted(Instant now) {
    started = now;
    seenRunning = false;
    lastRunning = null;
  }

  /** Records a look at the batch: whether it had ended by {@code now}. */
  public void looked(Instant now, boolean batchEnded) {
    if (started == null) {
      return;
    }
    if (!batchEnded) {
      lastRunning = now;
      // Only a look at or after the expected end says the expectation was too short.
      if (expected == null || !now.isBefore(started.plus(expected))) {
        seenRunning = true;
      }
      return;
    }
    Duration took = Duration.between(started, now);
    Duration upperBoundOnly = took.multipliedBy(3).dividedBy(4);
    if (expected == null || expectedFromEarlier) {
      // Looked at without an expectation of its own: it ended after the last look that saw it run.
      Duration running =
          lastRunning == null ? Duration.ZERO : Duration.between(started, lastRunning);
      expected = running.compareTo(upperBoundOnly) > 0 ? running : upperBoundOnly;
    } else {
      expected = seenRunning ? took : upperBoundOnly;
    }
    expectedFromEarlier = false;
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
      if (expectedFromEarlier) {
        Duration quarter = age.dividedBy(FIRST_BATCH_LATENESS);
        wait = quarter.compareTo(wait) < 0 ? quarter : wait;
      }
    } else {
      wait = age.dividedBy(LATENESS);
    }
    return wait.compareTo(soonest) < 0 ? soonest : wait.compareTo(most) > 0 ? most : wait;
  }
}
