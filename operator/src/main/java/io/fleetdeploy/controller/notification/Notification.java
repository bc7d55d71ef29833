package io.fleetdeploy.controller.notification;

import io.fleetdeploy.api.v1alpha1.TriggerDestination;
import io.fleetdeploy.api.v1alpha1.TriggerEvent;
import java.util.Objects;

/**
 * One message of one trigger, ready to send.
 *
 * @param namespace the group's namespace (where a webhook's Secret is)
 * @param trigger the trigger's name
 * @param event the event it reports
 * @param destination where it goes
 * @param subject the SNS subject (at most 100 characters)
 * @param body CodeDeploy's trigger JSON
 */
public record Notification(
    String namespace,
    String trigger,
    TriggerEvent event,
    TriggerDestination destination,
    String subject,
    String body) {
  public Notification {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(body, "body");
  }

  /** {@code sns} or {@code webhook}, for metrics and logs. */
  public String kind() {
    return destination.getSnsTopicArn() != null ? "sns" : "webhook";
  }
}
