package io.fleetdeploy.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * CPU and heap of one benchmark run. The operator shares its JVM with the simulator and the API
 * server; CPU is counted per thread so that the controller's share can be told apart: the
 * simulator's threads are named {@code fd-sim-*}, the API server's {@code vert.x-*}, and the
 * benchmark's own thread is excluded. Heap is the whole JVM's (no way to split it).
 *
 * <p>Two heap numbers: the peak of each heap pool added up (garbage included, and the pools peak at
 * different moments, so it can exceed the maximum heap), and the live heap: the most heap still in
 * use right after a garbage collection, which is what the three components really kept, and an
 * upper bound of the operator's own.
 */
final class ResourceMeter implements AutoCloseable {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> cpuAtStart = new HashMap<>();
  private final long processCpuAtStart;
  private final long benchThread = Thread.currentThread().getId();
  private final AtomicLong liveHeap = new AtomicLong();
  private final NotificationListener afterCollection =
      (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
            notification.getType())) {
          long used =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                  .getGcInfo()
                  .getMemoryUsageAfterGc()
                  .entrySet()
                  .stream()
                  .filter(e -> heapPools().contains(e.getKey()))
                  .mapToLong(e -> e.getValue().getUsed())
                  .sum();
          liveHeap.accumulateAndGet(used, Math::max);
        }
      };

  ResourceMeter() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(afterCollection, null, null);
      }
    }
    // Counted as the first collection of the run: what is live when it starts.
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    for (long id : threads.getAllThreadIds()) {
      cpuAtStart.put(id, Math.max(0, threads.getThreadCpuTime(id)));
    }
    processCpuAtStart = processCpu();
  }

  /**
   * CPU seconds of the operator's threads (not the simulator's, the API server's or the
   * benchmark's).
   */
  double controllerCpuSeconds() {
    long nanos = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null || info.getThreadId() == benchThread || !controller(info.getThreadName())) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu > 0) {
        nanos += cpu - cpuAtStart.getOrDefault(info.getThreadId(), 0L);
      }
    }
    return nanos / 1e9;
  }

  /** CPU seconds of the whole JVM (operator, simulator and API server). */
  double processCpuSeconds() {
    return (processCpu() - processCpuAtStart) / 1e9;
  }

  /** The highest heap use since the start, in MiB (each heap pool's peak, added up). */
  double peakHeapMiB() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024.0 * 1024.0);
  }

  /** The most heap in use right after a garbage collection since the start, in MiB. */
  double liveHeapMiB() {
    return liveHeap.get() / (1024.0 * 1024.0);
  }

  @Override
  public void close() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        try {
          emitter.removeNotificationListener(afterCollection);
        } catch (ListenerNotFoundException e) {
          // Not added to this one: nothing to remove.
        }
      }
    }
  }

  private static Set<String> heapPools() {
    Set<String> names = new HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        names.add(pool.getName());
      }
    }
    return names;
  }

  private static boolean controller(String name) {
    return !name.startsWith("fd-sim-") && !name.startsWith("vert.x-");
  }

  private static long processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}
