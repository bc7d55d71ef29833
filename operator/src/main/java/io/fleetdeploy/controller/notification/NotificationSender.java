package io.fleetdeploy.controller.notification;

import io.fleetdeploy.fleet.TopicPublisher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends trigger notifications off the reconcile thread, so a slow or failing destination never
 * holds up a rollout. A failed send is retried with exponential backoff ({@code firstRetry},
 * doubled each time, {@code attempts} in all), then given up and logged. Metric {@code
 * fleetdeploy.notifications} counts each attempt's outcome by destination kind ({@code sns}, {@code
 * webhook}) and {@code outcome}: {@code sent}, {@code failed} (an attempt failed, a retry follows)
 * or {@code dropped} (the last attempt failed).
 */
public final class NotificationSender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationSender.class);

  /** Production backoff: 2 s, 4 s, 8 s, 16 s, 32 s, then give up (6 attempts, about a minute). */
  public static final Duration FIRST_RETRY = Duration.ofSeconds(2);

  public static final int ATTEMPTS = 6;

  private final TopicPublisher topics;
  private final WebhookPoster webhooks;
  private final MeterRegistry metrics;
  private final Duration firstRetry;
  private final int attempts;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "fleetdeploy-notifications");
            t.setDaemon(true);
            return t;
          });

  public NotificationSender(
      TopicPublisher topics,
      WebhookPoster webhooks,
      MeterRegistry metrics,
      Duration firstRetry,
      int attempts) {
    this.topics = topics;
    this.webhooks = webhooks;
    this.metrics = metrics;
    this.firstRetry = firstRetry;
    this.attempts = attempts;
  }

  /** Queues the notification; returns at once. */
  public void send(Notification notification) {
    executor.execute(() -> attempt(notification, 1));
  }

  private void attempt(Notification n, int attempt) {
    try {
      if (n.destination().getSnsTopicArn() != null) {
        topics.publish(n.destination().getSnsTopicArn(), n.subject(), n.body());
      } else {
        webhooks.post(n.namespace(), n.destination().getWebhook(), n.body());
      }
      count(n, "sent");
    } catch (java.io.IOException | RuntimeException e) {
      // Every failure is retried, a refusal too: a missing permission or Secret is often fixed
      // within the minute the retries last.
      if (attempt < attempts) {
        count(n, "failed");
        long delay = firstRetry.toMillis() << Math.min(attempt - 1, 20);
        LOG.warn(
            "trigger {} ({}) could not be sent (attempt {} of {}), retrying in {} ms: {}",
            n.trigger(),
            n.event(),
            attempt,
            attempts,
            delay,
            e.getMessage());
        // Each attempt logs and counts its own outcome; nobody waits on the retry.
        var unused = executor.schedule(() -> attempt(n, attempt + 1), delay, TimeUnit.MILLISECONDS);
      } else {
        count(n, "dropped");
        LOG.error(
            "trigger {} ({}) given up after {} attempt(s): {}",
            n.trigger(),
            n.event(),
            attempt,
            e.getMessage());
      }
    }
  }

  private void count(Notification n, String outcome) {
    Counter.builder("fleetdeploy.notifications")
        .description("Trigger notification send attempts, by destination kind and outcome")
        .tag("destination", n.kind())
        .tag("outcome", outcome)
        .register(metrics)
        .increment();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
