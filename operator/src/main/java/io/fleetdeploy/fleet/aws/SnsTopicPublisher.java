package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.TopicPublisher;

/** {@link TopicPublisher} on Amazon SNS (sns:Publish). */
final class SnsTopicPublisher implements TopicPublisher {
  private final AwsClients aws;

  SnsTopicPublisher(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public String publish(String topicArn, String subject, String message) {
    return AwsErrors.call(
        "sns:Publish to " + topicArn,
        () ->
            aws.sns()
                .publish(b -> b.topicArn(topicArn).subject(subject).message(message))
                .messageId());
  }
}
