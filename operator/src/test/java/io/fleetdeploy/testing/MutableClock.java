package io.fleetdeploy.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand: the controller harness advances it to the next moment something is
 * due, so minutes of rollout (poll intervals, hook timeouts, heartbeats) pass in milliseconds.
 */
public final class MutableClock extends Clock {
  private volatile Instant now;

  public MutableClock(Instant start) {
    this.now = start;
  }

  public static MutableClock startingAt(String instant) {
    return new MutableClock(Instant.parse(instant));
  }

  @Override
  public Instant instant() {
    return now;
  }

  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + by);
    }
    now = now.plus(by);
  }

  /** Moves to {@code to}, or stays where it is if that is in the past. */
  public void advanceTo(Instant to) {
    if (to.isAfter(now)) {
      now = to;
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the controller works in UTC");
  }
}
