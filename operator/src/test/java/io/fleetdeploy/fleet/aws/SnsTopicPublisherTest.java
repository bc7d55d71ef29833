package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.simulator.sns.SnsService;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** sns:Publish through the adapter's real SDK client, against the simulator's SNS. */
class SnsTopicPublisherTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();

  private String topic() {
    return "arn:aws:sns:"
        + SimulatedAws.REGION
        + ":"
        + AWS.simulator().accountId()
        + ":fleetdeploy-web";
  }

  @Test
  void aPublishedMessageReachesTheTopicWithItsSubject() {
    SnsTopicPublisher publisher = new SnsTopicPublisher(AWS.aws());

    String id =
        publisher.publish(topic(), "SUCCEEDED: fleetdeploy d-1", "{\"status\":\"SUCCEEDED\"}");

    List<SnsService.PublishedMessage> messages = AWS.simulator().snsMessages();
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).messageId()).isEqualTo(id);
    assertThat(messages.get(0).topicArn()).isEqualTo(topic());
    assertThat(messages.get(0).subject()).isEqualTo("SUCCEEDED: fleetdeploy d-1");
    assertThat(messages.get(0).message()).isEqualTo("{\"status\":\"SUCCEEDED\"}");
  }

  @Test
  void aTopicOfAnotherAccountIsRefusedWithAClassifiedError() {
    SnsTopicPublisher publisher = new SnsTopicPublisher(AWS.aws());

    assertThatThrownBy(
            () -> publisher.publish("arn:aws:sns:eu-west-1:999999999999:other", "s", "{}"))
        .isInstanceOf(FleetException.class)
        .hasMessageContaining("sns:Publish")
        .hasMessageContaining("999999999999:other");
  }
}
