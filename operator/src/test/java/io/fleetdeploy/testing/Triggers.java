package io.fleetdeploy.testing;

import io.fleetdeploy.api.v1alpha1.Trigger;
import io.fleetdeploy.api.v1alpha1.TriggerDestination;
import io.fleetdeploy.api.v1alpha1.TriggerEvent;
import io.fleetdeploy.api.v1alpha1.WebhookDestination;
import java.util.List;

/** Trigger builders for tests. */
public final class Triggers {
  public static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:deployments";

  private Triggers() {}

  public static Trigger sns(String name, String topicArn, TriggerEvent... events) {
    TriggerDestination destination = new TriggerDestination();
    destination.setSnsTopicArn(topicArn);
    return trigger(name, destination, events);
  }

  public static Trigger webhook(String name, String secret, TriggerEvent... events) {
    WebhookDestination webhook = new WebhookDestination();
    webhook.setSecretName(secret);
    TriggerDestination destination = new TriggerDestination();
    destination.setWebhook(webhook);
    return trigger(name, destination, events);
  }

  private static Trigger trigger(
      String name, TriggerDestination destination, TriggerEvent... events) {
    Trigger trigger = new Trigger();
    trigger.setName(name);
    trigger.setEvents(List.of(events));
    trigger.setDestination(destination);
    return trigger;
  }
}
