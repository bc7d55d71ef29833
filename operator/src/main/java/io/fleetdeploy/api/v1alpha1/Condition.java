package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A standard Kubernetes condition (Ready, Progressing, Degraded), with positive polarity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  @JsonPropertyDescription("Type of the condition: Ready, Progressing or Degraded.")
  @Required
  @Size(min = 1, max = 64)
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  @Size(max = 16)
  @Pattern("^(True|False|Unknown)$")
  private String status;

  @JsonPropertyDescription("One CamelCase word that says why.")
  @Size(max = 128)
  private String reason;

  @JsonPropertyDescription("What a person needs to know, in a sentence or two.")
  @Size(max = 4096)
  private String message;

  @JsonPropertyDescription("When the status last changed (RFC 3339, UTC).")
  @Size(max = 40)
  private String lastTransitionTime;

  @JsonPropertyDescription("The metadata.generation this condition was computed for.")
  @Min(0)
  private Long observedGeneration;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
