package io.fleetdeploy.controller.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fleetdeploy.api.v1alpha1.TriggerDestination;
import io.fleetdeploy.api.v1alpha1.TriggerEvent;
import io.fleetdeploy.api.v1alpha1.WebhookDestination;
import io.fleetdeploy.embedded.EmbeddedApiServer;
import io.fleetdeploy.testing.fleet.InMemoryTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retries with backoff, the metric, and the webhook URL rules. */
class NotificationSenderTest {

  private static Notification sns() {
    TriggerDestination d = new TriggerDestination();
    d.setSnsTopicArn("arn:aws:sns:eu-west-1:123456789012:t");
    return new Notification("ns", "t", TriggerEvent.DeploymentStart, d, "s", "{}");
  }

  private static double count(SimpleMeterRegistry metrics, String kind, String outcome) {
    var c =
        metrics
            .find("fleetdeploy.notifications")
            .tag("destination", kind)
            .tag("outcome", outcome)
            .counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void aFailedPublishIsRetriedWithBackoffAndCounted() {
    InMemoryTopics topics = new InMemoryTopics();
    topics.failNext(2);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (NotificationSender sender =
        new NotificationSender(topics, null, metrics, Duration.ofMillis(20), 4)) {
      sender.send(sns());
      await().atMost(Duration.ofSeconds(10)).until(() -> topics.published().size() == 1);
      assertThat(count(metrics, "sns", "failed")).isEqualTo(2);
      assertThat(count(metrics, "sns", "sent")).isEqualTo(1);
    }
  }

  @Test
  void aSendThatKeepsFailingIsGivenUpAfterItsAttempts() {
    InMemoryTopics topics = new InMemoryTopics();
    topics.failNext(100);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (NotificationSender sender =
        new NotificationSender(topics, null, metrics, Duration.ofMillis(10), 3)) {
      sender.send(sns());
      await().atMost(Duration.ofSeconds(10)).until(() -> count(metrics, "sns", "dropped") == 1);
      assertThat(count(metrics, "sns", "failed")).isEqualTo(2);
      assertThat(topics.published()).isEmpty();
    }
  }

  @Test
  void aWebhookUrlMustBeHttpsExceptToLoopback() {
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0)) {
      api.client()
          .secrets()
          .inNamespace("ns")
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("plain")
                  .withNamespace("ns")
                  .endMetadata()
                  .withStringData(Map.of("url", "http://hooks.example.com/x"))
                  .build())
          .create();
      WebhookDestination webhook = new WebhookDestination();
      webhook.setSecretName("plain");
      TriggerDestination d = new TriggerDestination();
      d.setWebhook(webhook);
      SimpleMeterRegistry metrics = new SimpleMeterRegistry();
      WebhookPoster poster = new WebhookPoster(api.client());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> poster.post("ns", webhook, "{}"))
          .hasMessageContaining("must be https://");
      webhook.setSecretName("missing");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> poster.post("ns", webhook, "{}"))
          .hasMessageContaining("Secret ns/missing of the webhook does not exist");
      try (NotificationSender sender =
          new NotificationSender(null, poster, metrics, Duration.ofMillis(5), 2)) {
        sender.send(new Notification("ns", "t", TriggerEvent.DeploymentStart, d, "s", "{}"));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> count(metrics, "webhook", "dropped") == 1);
      }
    }
  }
}
