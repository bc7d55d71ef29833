package io.fleetdeploy.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchPollScheduleTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private final BatchPollSchedule schedule = new BatchPollSchedule(Duration.ofSeconds(1));

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  /** Batch 1 was seen running at 300 ms and ended by 700 ms; batch 2 starts at 1,000 ms. */
  private void secondBatchStartedAfterAFirstThatTook700Ms() {
    schedule.batchStarted(T0);
    schedule.looked(at(300), false);
    schedule.looked(at(700), true);
    schedule.batchStarted(at(1000));
  }

  @Test
  void noBatchRunningLooksEveryInterval() {
    assertEquals(Duration.ofSeconds(1), schedule.next(T0));
  }

  @Test
  void firstBatchIsLookedAtAfterAQuarterOfItsAgeButNotSoonerThanAFortiethOfTheInterval() {
    schedule.batchStarted(T0);
    assertEquals(Duration.ofMillis(25), schedule.next(at(10)));
    assertEquals(Duration.ofMillis(25), schedule.next(at(100)));
    assertEquals(Duration.ofMillis(200), schedule.next(at(800)));
    assertEquals(Duration.ofSeconds(1), schedule.next(at(10_000)));
  }

  /**
   * The point of a twentieth: once a batch runs past what the previous one took, it is seen done at
   * most ~5 % after it ended, whenever that is.
   */
  @Test
  void aBatchRunningLateIsSeenDoneAtMostAboutFivePercentAfterItEnded() {
    for (long length : new long[] {300, 1_000, 2_000, 7_500, 19_000}) {
      BatchPollSchedule fresh = new BatchPollSchedule(Duration.ofSeconds(1));
      fresh.batchStarted(T0);
      fresh.looked(at(100), true);
      fresh.batchStarted(at(100));
      long now = 100;
      while (now - 100 < length) {
        now += fresh.next(at(now)).toMillis();
        fresh.looked(at(now), now - 100 >= length);
      }
      long late = now - 100 - length;
      assertTrue(
          late <= Math.max(25, length / 20),
          "a " + length + " ms batch was seen done " + late + " ms late");
    }
  }

  @Test
  void theFirstBatchIsSeenDoneAtMostAQuarterAfterItEnded() {
    for (long length : new long[] {300, 1_000, 7_500}) {
      BatchPollSchedule fresh = new BatchPollSchedule(Duration.ofSeconds(1));
      fresh.batchStarted(T0);
      long now = 0;
      int looks = 0;
      while (now < length) {
        now += fresh.next(at(now)).toMillis();
        fresh.looked(at(now), now >= length);
        looks++;
      }
      assertTrue(now - length <= Math.max(25, length / 4), length + " ms: " + (now - length));
      assertTrue(looks <= 25, length + " ms batch: " + looks + " looks");
    }
  }

  /**
   * Hosts that finish at once (OneAtATime, no hooks): each batch is looked at 25 ms after it
   * started, not a quarter interval (250 ms) later, which made every such batch cost 250 ms.
   */
  @Test
  void aBatchOfFastHostsIsLookedAtSoonAfterItStarted() {
    schedule.batchStarted(T0);
    schedule.looked(at(40), true);
    schedule.batchStarted(at(50));
    // Seen done at its first look: it took at most 40 ms, and is expected to take three quarters.
    assertEquals(Duration.ofMillis(30), schedule.next(at(50)));
    schedule.looked(at(80), true);
    schedule.batchStarted(at(90));
    assertEquals(Duration.ofMillis(25), schedule.next(at(90)));
  }

  /**
   * Batch 1 ended between 300 and 700 ms: the next is first looked at after three quarters of 700
   * ms (more than the 300 ms it surely ran).
   */
  @Test
  void theNextBatchIsFirstLookedAtWhenThePreviousOneSurelyRan() {
    secondBatchStartedAfterAFirstThatTook700Ms();
    assertEquals(Duration.ofMillis(425), schedule.next(at(1100)));
  }

  /**
   * The first batch is looked at a quarter of its age apart, so the look that sees it done may be
   * up to 25 % late; its expectation is the look before, which saw it running, so the second batch
   * of the same length is seen done at most ~5 % late.
   */
  @Test
  void theSecondBatchIsSeenDoneAtMostAboutFivePercentLateAfterAFirstSeenAQuarterLate() {
    for (long length : new long[] {300, 1_000, 2_000, 7_500}) {
      BatchPollSchedule fresh = new BatchPollSchedule(Duration.ofSeconds(1));
      long firstEnd = lateness(fresh, length, new int[1]) + length;
      fresh.batchStarted(at(firstEnd));
      long now = firstEnd;
      while (now - firstEnd < length) {
        now += fresh.next(at(now)).toMillis();
        fresh.looked(at(now), now - firstEnd >= length);
      }
      long late = now - firstEnd - length;
      assertTrue(late <= Math.max(25, length / 20), length + " ms: the second batch " + late);
    }
  }

  @Test
  void aBatchStillRunningAtItsExpectedEndIsLookedAtAfterATwentiethOfItsAge() {
    secondBatchStartedAfterAFirstThatTook700Ms();
    schedule.looked(at(1700), false);
    assertEquals(Duration.ofMillis(35), schedule.next(at(1700)));
    schedule.looked(at(1960), false);
    assertEquals(Duration.ofMillis(48), schedule.next(at(1960)));
    schedule.looked(at(2000), true);
    schedule.batchStarted(at(2000));
    assertEquals(Duration.ofSeconds(1), schedule.next(at(2000)));
  }

  @Test
  void lateLooksDoNotMakeTheExpectationGrowBatchAfterBatch() {
    // Every batch really takes 300 ms; each look comes 100 ms after it was asked for.
    long start = 0;
    for (int batch = 0; batch < 50; batch++) {
      schedule.batchStarted(at(start));
      long now = start;
      while (true) {
        Duration wait = schedule.next(at(now));
        now += wait.toMillis() + 100;
        boolean ended = now - start >= 300;
        schedule.looked(at(now), ended);
        if (ended) {
          break;
        }
      }
      start = now;
    }
    schedule.batchStarted(at(start));
    Duration expected = schedule.next(at(start));
    assertTrue(
        expected.compareTo(Duration.ofMillis(400)) <= 0,
        "the first look of a 300 ms batch is expected within 400 ms, not after " + expected);
  }

  @Test
  void anEarlyLookDoesNotCountAsTheBatchRunningLate() {
    schedule.batchStarted(T0);
    schedule.looked(at(800), true);
    schedule.batchStarted(at(1000));
    schedule.looked(at(1010), false);
    // Batch 1 was seen done at its first look (800 ms): expected to take 600.
    assertEquals(Duration.ofMillis(590), schedule.next(at(1010)));
  }

  /** Looks at a first batch of {@code length} ms until it is seen done; returns how late, in ms. */
  private static long lateness(BatchPollSchedule fresh, long length, int[] looks) {
    fresh.batchStarted(T0);
    long now = 0;
    while (now < length) {
      now += fresh.next(at(now)).toMillis();
      fresh.looked(at(now), now >= length);
      looks[0]++;
    }
    return now - length;
  }

  /**
   * With the pace of the group's previous deployment, a first batch is seen done at most ~5 % late,
   * as later batches are, instead of up to a quarter of its length.
   */
  @Test
  void aFirstBatchWithTheGroupsEarlierPaceIsSeenDoneAtMostAboutFivePercentLate() {
    for (long length : new long[] {300, 1_000, 2_000, 7_500}) {
      BatchPollSchedule fresh = new BatchPollSchedule(Duration.ofSeconds(1));
      fresh.expectFromEarlier(Duration.ofMillis(length));
      int[] looks = {0};
      long late = lateness(fresh, length + length / 50, looks);
      assertTrue(
          late <= Math.max(25, length / 20),
          "a " + length + " ms batch was seen " + late + " late");
      assertTrue(looks[0] <= 30, length + " ms batch: " + looks[0] + " looks");
    }
  }

  /** An earlier pace that was too slow (a quicker revision now) is no worse than none. */
  @Test
  void aFirstBatchQuickerThanTheGroupsEarlierPaceIsSeenDoneAsWithoutIt() {
    for (long length : new long[] {300, 1_000, 7_500}) {
      BatchPollSchedule paced = new BatchPollSchedule(Duration.ofSeconds(1));
      paced.expectFromEarlier(Duration.ofMillis(length * 3));
      BatchPollSchedule unpaced = new BatchPollSchedule(Duration.ofSeconds(1));
      long latePaced = lateness(paced, length, new int[1]);
      long lateUnpaced = lateness(unpaced, length, new int[1]);
      assertTrue(latePaced <= lateUnpaced, length + " ms: " + latePaced + " vs " + lateUnpaced);
    }
  }

  @Test
  void theEarlierPaceIsTheExpectationOnlyUntilABatchOfItsOwnEnded() {
    assertTrue(schedule.expectation().isEmpty());
    schedule.expectFromEarlier(Duration.ofMillis(900));
    assertEquals(Duration.ofMillis(900), schedule.expectation().orElseThrow());
    schedule.batchStarted(T0);
    assertEquals(Duration.ofMillis(25), schedule.next(at(10)));
    assertEquals(Duration.ofMillis(100), schedule.next(at(800)));
    schedule.looked(at(900), false);
    schedule.looked(at(1000), false);
    schedule.looked(at(1100), true);
    // It ended between the last look that saw it running and the one that saw it done.
    assertEquals(Duration.ofMillis(1000), schedule.expectation().orElseThrow());
    schedule.expectFromEarlier(Duration.ofMillis(500));
    assertEquals(Duration.ofMillis(1000), schedule.expectation().orElseThrow());
  }
}
