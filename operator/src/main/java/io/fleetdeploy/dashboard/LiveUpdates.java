package io.fleetdeploy.dashboard;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * Fans the informers' changes out to the open live-update streams, and keeps the most recent ones
 * so that a browser that reconnects with {@code Last-Event-ID} gets what it missed. When what it
 * missed is no longer kept, it is told to reload ({@code reset}) instead.
 */
final class LiveUpdates {
  static final Change CLOSED = new Change(-1, "");

  private final int kept;
  private final int maxStreams;
  private final BiFunction<Change.Type, HasMetadata, String> describe;
  private final ArrayDeque<Change> recent = new ArrayDeque<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private long evictedUpTo = -1;
  private long latest = -1;

  /** What one stream receives: the changes it missed, then every new one. */
  static final class Subscription {
    final List<Change> missed;
    final boolean reset;
    final BlockingQueue<Change> changes = new ArrayBlockingQueue<>(2048);
    volatile boolean overflowed;

    Subscription(List<Change> missed, boolean reset) {
      this.missed = missed;
      this.reset = reset;
    }
  }

  LiveUpdates(int kept, int maxStreams, BiFunction<Change.Type, HasMetadata, String> describe) {
    this.kept = kept;
    this.maxStreams = maxStreams;
    this.describe = describe;
  }

  void publish(Change.Type type, HasMetadata object) {
    long version = Change.parseVersion(object.getMetadata().getResourceVersion());
    Change change = new Change(version, describe.apply(type, object));
    synchronized (this) {
      if (recent.size() == kept) {
        evictedUpTo = Math.max(evictedUpTo, recent.removeFirst().resourceVersion());
      }
      recent.addLast(change);
      latest = Math.max(latest, version);
      for (Subscription s : subscriptions) {
        // A stream that cannot keep up is ended; its browser reconnects and resumes or reloads.
        if (!s.changes.offer(change)) {
          s.overflowed = true;
        }
      }
    }
  }

  /**
   * Opens a stream resuming after {@code lastEventId} (null: a fresh stream, nothing to replay), or
   * returns null when {@code maxStreams} are open already.
   */
  synchronized Subscription subscribe(String lastEventId) {
    if (subscriptions.size() >= maxStreams) {
      return null;
    }
    Subscription subscription;
    if (lastEventId == null || lastEventId.isBlank()) {
      subscription = new Subscription(List.of(), false);
    } else {
      long last = Change.parseVersion(lastEventId.trim());
      if (last < 0 || last < evictedUpTo) {
        subscription = new Subscription(List.of(), true);
      } else {
        List<Change> missed = new ArrayList<>();
        recent.forEach(
            c -> {
              if (c.resourceVersion() > last) {
                missed.add(c);
              }
            });
        subscription = new Subscription(missed, false);
      }
    }
    subscriptions.add(subscription);
    return subscription;
  }

  void unsubscribe(Subscription subscription) {
    subscriptions.remove(subscription);
  }

  synchronized long latestVersion() {
    return latest;
  }

  int openStreams() {
    return subscriptions.size();
  }

  /** Ends every open stream. */
  void close() {
    subscriptions.forEach(
        s -> {
          s.overflowed = true;
          s.changes.offer(CLOSED);
        });
  }
}
