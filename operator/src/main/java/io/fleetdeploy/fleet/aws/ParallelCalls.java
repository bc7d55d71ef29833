package io.fleetdeploy.fleet.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Makes independent AWS calls side by side: a 5,000-instance batch is 100 SendCommand calls, and
 * one after the other they spread its hosts' starts over seconds (each call is a round trip of tens
 * of milliseconds), so the batch ends that much later. At most {@link #AT_ONCE} calls are in
 * flight, across the whole operator, which keeps within what SSM's default request rates absorb
 * (the SDK retries what is throttled anyway).
 *
 * <p>Every call runs to its end even when another fails, so what was sent is known (the caller
 * records it as each call returns); then the first failure is thrown.
 */
final class ParallelCalls {
  static final int AT_ONCE = 8;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          AT_ONCE,
          r -> {
            Thread t = new Thread(r, "fleetdeploy-aws-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  private ParallelCalls() {}

  /** {@code call} applied to each item, results in the items' order. */
  static <T, R> List<R> each(List<T> items, Function<T, R> call) {
    if (items.size() <= 1 || Thread.currentThread().getName().startsWith("fleetdeploy-aws-")) {
      // One call needs no thread; and a call made from a pool thread must not wait for the pool.
      return items.stream().map(call).toList();
    }
    List<Future<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(POOL.submit(() -> call.apply(item)));
    }
    List<R> out = new ArrayList<>();
    Throwable first = null;
    for (Future<R> future : futures) {
      try {
        out.add(future.get());
      } catch (ExecutionException e) {
        first = first == null ? e.getCause() : first;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(f -> f.cancel(true));
        throw new IllegalStateException("interrupted while calling AWS", e);
      }
    }
    if (first instanceof RuntimeException r) {
      throw r;
    }
    if (first instanceof Error e) {
      throw e;
    }
    if (first != null) {
      throw new IllegalStateException(first);
    }
    return out;
  }
}
