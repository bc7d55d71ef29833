package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An HTTPS webhook whose URL is kept in a Secret (URLs of webhooks often carry a token). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookDestination {

  @JsonPropertyDescription(
      "The Secret, in the group's namespace, that holds the URL (https:// only).")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @Size(max = 253)
  private String secretName;

  @JsonPropertyDescription("The Secret's key that holds the URL; defaults to url.")
  @Size(min = 1, max = 253)
  private String key;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
