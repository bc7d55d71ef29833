package io.fleetdeploy.simulator.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's notion of now: wall-clock time plus an offset that tests can push forward, so
 * heartbeat, delivery and execution timeouts of minutes can be reached in milliseconds.
 */
public final class SimClock {
  private final AtomicLong offsetMillis = new AtomicLong();

  public Instant now() {
    return Instant.now().plusMillis(offsetMillis.get());
  }

  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the simulator clock only moves forward, not by " + by);
    }
    offsetMillis.addAndGet(by.toMillis());
  }
}
