package io.fleetdeploy.fleet;

/** Publishes notification messages to SNS topics (the triggers of a DeploymentGroup). */
public interface TopicPublisher {

  /**
   * Publishes {@code message} to {@code topicArn}.
   *
   * @param subject the subject (for e-mail subscribers), at most 100 characters
   * @return the message id SNS gave it
   * @throws FleetException classified: retryable or not
   */
  String publish(String topicArn, String subject, String message);
}
