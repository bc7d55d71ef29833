package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a trigger's messages go: exactly one of snsTopicArn or webhook. */
@ValidationRule(
    value = "has(self.snsTopicArn) != has(self.webhook)",
    message = "a trigger destination needs exactly one of snsTopicArn or webhook")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TriggerDestination {

  @JsonPropertyDescription(
      "An SNS topic ARN; the message is Published with CodeDeploy's trigger JSON as its body (the operator's role needs sns:Publish on it).")
  @Pattern("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]{1,256}$")
  @Size(max = 320)
  private String snsTopicArn;

  @JsonPropertyDescription(
      "An HTTPS webhook: the JSON is POSTed to the URL kept in a Secret of the group's namespace.")
  private WebhookDestination webhook;

  public String getSnsTopicArn() {
    return snsTopicArn;
  }

  public void setSnsTopicArn(String snsTopicArn) {
    this.snsTopicArn = snsTopicArn;
  }

  public WebhookDestination getWebhook() {
    return webhook;
  }

  public void setWebhook(WebhookDestination webhook) {
    this.webhook = webhook;
  }
}
