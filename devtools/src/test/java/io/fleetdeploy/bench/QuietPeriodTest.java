package io.fleetdeploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuietPeriodTest {

  @Test
  void returnsOnceTheCounterStoppedMovingForTheQuietPeriod() throws Exception {
    AtomicLong writes = new AtomicLong();
    long stopsAt = System.nanoTime() + Duration.ofMillis(300).toNanos();
    long start = System.nanoTime();
    boolean quiet =
        QuietPeriod.await(
            () -> System.nanoTime() < stopsAt ? writes.incrementAndGet() : writes.get(),
            Duration.ofMillis(100),
            Duration.ofSeconds(10));
    long tookMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(quiet).isTrue();
    assertThat(tookMs).isBetween(350L, 5_000L);
  }

  @Test
  void givesUpAfterTheLongestWait() throws Exception {
    AtomicLong writes = new AtomicLong();
    assertThat(
            QuietPeriod.await(
                writes::incrementAndGet, Duration.ofMillis(100), Duration.ofMillis(300)))
        .isFalse();
  }
}
