package io.fleetdeploy.simulator.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The ISO timestamps of the XML protocols, the same however often and in whatever order. */
class AwsTimeTest {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Test
  void isoIsMillisecondsInUtcForRepeatedAndInterleavedInstants() {
    Instant launch = Instant.parse("2024-05-01T12:00:00.123456789Z");
    Instant other = Instant.parse("1999-12-31T23:59:59Z");
    assertThat(AwsTime.iso(launch)).isEqualTo("2024-05-01T12:00:00.123Z");
    assertThat(AwsTime.iso(launch)).isEqualTo("2024-05-01T12:00:00.123Z");
    assertThat(AwsTime.iso(other)).isEqualTo("1999-12-31T23:59:59.000Z");
    assertThat(AwsTime.iso(launch.plusNanos(1))).isEqualTo("2024-05-01T12:00:00.123Z");
    assertThat(AwsTime.iso(launch.plusMillis(1))).isEqualTo("2024-05-01T12:00:00.124Z");
    assertThat(AwsTime.iso(launch)).isEqualTo("2024-05-01T12:00:00.123Z");
    assertThat(AwsTime.iso(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(AwsTime.iso(null)).isNull();
  }

  @Test
  void isoFromManyThreadsAtOnceFormatsEachInstantItself() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> all = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long base = 1_700_000_000_000L + t * 86_400_000L;
        all.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    Instant at = Instant.ofEpochMilli(base + i % 7);
                    if (!AwsTime.iso(at).equals(ISO.format(at))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : all) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
