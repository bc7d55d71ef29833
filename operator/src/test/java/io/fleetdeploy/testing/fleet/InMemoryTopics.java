package io.fleetdeploy.testing.fleet;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.TopicPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SNS topics in memory: records what was published (tests read it), and can fail or hang the next
 * publishes. Publishes are not operator effects of the crash suite: they happen off the reconcile
 * thread, after the status that records them is written.
 */
public final class InMemoryTopics implements TopicPublisher {

  /** One published message. */
  public record Published(String topicArn, String subject, String message) {}

  private final List<Published> published = new ArrayList<>();
  private int failNext;
  private CountDownLatch hold;

  @Override
  public String publish(String topicArn, String subject, String message) {
    CountDownLatch gate;
    synchronized (this) {
      gate = hold;
    }
    if (gate != null) {
      try {
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (failNext > 0) {
        failNext--;
        throw new FleetException(FleetError.THROTTLED, "Rate exceeded (injected)");
      }
      published.add(new Published(topicArn, subject, message));
      return "m-" + published.size();
    }
  }

  public synchronized List<Published> published() {
    return List.copyOf(published);
  }

  public synchronized void failNext(int times) {
    failNext = times;
  }

  /** Every publish waits until {@link #release}: a destination that hangs. */
  public synchronized void hang() {
    hold = new CountDownLatch(1);
  }

  public synchronized void release() {
    if (hold != null) {
      hold.countDown();
      hold = null;
    }
  }
}
