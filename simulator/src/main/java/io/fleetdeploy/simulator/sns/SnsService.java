package io.fleetdeploy.simulator.sns;

import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.QueryProtocol;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Amazon SNS over the Query protocol, just enough for trigger notifications: Publish to any topic
 * ARN of this region and account (topics need not be created), recorded for tests and the demo to
 * read ({@link #published}).
 */
public final class SnsService implements AwsService {
  private static final String NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";
  private static final int MAX_MESSAGE_BYTES = 256 * 1024;
  private final String region;
  private final String accountId;
  private final List<PublishedMessage> published = new ArrayList<>();

  /** One published message. */
  public record PublishedMessage(
      String messageId, String topicArn, String subject, String message) {}

  public SnsService(String region, String accountId) {
    this.region = region;
    this.accountId = accountId;
  }

  @Override
  public String name() {
    return "sns";
  }

  @Override
  public String operation(SimRequest request) {
    return QueryProtocol.action(request, Set.of("Publish"), "2010-03-31");
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    String topic = request.form().get("TopicArn");
    String message = request.form().get("Message");
    String subject = request.form().get("Subject");
    if (topic == null || !topic.startsWith("arn:aws:sns:" + region + ":" + accountId + ":")) {
      throw new ApiException(
          "NotFound",
          "Topic does not exist: " + topic + " (not in " + region + "/" + accountId + ")",
          404);
    }
    if (message == null || message.isEmpty()) {
      throw ApiException.badRequest("InvalidParameter", "Invalid parameter: Empty message");
    }
    if (message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
      throw ApiException.badRequest("InvalidParameter", "Invalid parameter: Message too long");
    }
    if (subject != null && subject.length() > 100) {
      throw ApiException.badRequest(
          "InvalidParameter", "Invalid parameter: Subject must be at most 100 characters");
    }
    String id = UUID.randomUUID().toString();
    synchronized (published) {
      published.add(new PublishedMessage(id, topic, subject, message));
    }
    return QueryProtocol.response(
        operation, NAMESPACE, request.requestId(), xml -> xml.leaf("MessageId", id));
  }

  /** Every message published so far, oldest first. */
  public List<PublishedMessage> published() {
    synchronized (published) {
      return List.copyOf(published);
    }
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    return QueryProtocol.error(e, NAMESPACE, request.requestId());
  }

  @Override
  public ApiException throttled() {
    return QueryProtocol.throttled();
  }
}
