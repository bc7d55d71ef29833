package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParallelCallsTest {

  @Test
  void callsRunSideBySideAndResultsKeepTheItemsOrder() {
    // Each call waits until all eight are in flight: this only ends if they run at once.
    CyclicBarrier allInFlight = new CyclicBarrier(ParallelCalls.AT_ONCE);
    List<Integer> items = IntStream.range(0, ParallelCalls.AT_ONCE).boxed().toList();

    List<String> results =
        ParallelCalls.each(
            items,
            i -> {
              try {
                allInFlight.await(10, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException("the calls did not run side by side", e);
              }
              return "r" + i;
            });

    assertThat(results).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7");
  }

  @Test
  void everyCallRunsToItsEndBeforeTheFirstFailureIsThrown() {
    AtomicInteger ended = new AtomicInteger();
    List<Integer> items = IntStream.range(0, 20).boxed().toList();

    assertThatThrownBy(
            () ->
                ParallelCalls.each(
                    items,
                    i -> {
                      if (i == 3) {
                        throw new IllegalArgumentException("call 3 failed");
                      }
                      ended.incrementAndGet();
                      return i;
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("call 3 failed");
    assertThat(ended).hasValue(19);
  }

  @Test
  void aCallMadeFromACallRunsInPlaceInsteadOfWaitingForTheBusyPool() {
    List<Integer> outer = IntStream.range(0, 2 * ParallelCalls.AT_ONCE).boxed().toList();

    List<Integer> sums =
        ParallelCalls.each(
            outer, i -> ParallelCalls.each(List.of(i, i), j -> j).stream().mapToInt(j -> j).sum());

    assertThat(sums).hasSize(outer.size()).element(5).isEqualTo(10);
  }
}
