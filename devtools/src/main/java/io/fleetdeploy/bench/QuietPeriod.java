package io.fleetdeploy.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits for a counter to stop moving. A deployment's end is followed by its group's and
 * application's status writes; without this wait they land in the next run, on top of its start, so
 * a run measured part of the one before it.
 */
final class QuietPeriod {
  private static final long STEP_MILLIS = 20;

  private QuietPeriod() {}

  /**
   * Returns once {@code counter} kept its value for {@code quiet}, or after {@code most} at the
   * latest; true when it became quiet.
   */
  static boolean await(LongSupplier counter, Duration quiet, Duration most)
      throws InterruptedException {
    long deadline = System.nanoTime() + most.toNanos();
    long last = counter.getAsLong();
    long unchangedSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(STEP_MILLIS);
      long now = counter.getAsLong();
      if (now != last) {
        last = now;
        unchangedSince = System.nanoTime();
      } else if (System.nanoTime() - unchangedSince >= quiet.toNanos()) {
        return true;
      }
    }
    return false;
  }
}
