package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** Why a staged rollout waits between stages, and until when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PauseStatus {

  @JsonPropertyDescription(
      "Paused (a pause step with a duration), AwaitingPromotion (pause: {} until spec.promote passes it), CheckingAlarms (a checkAlarms step) or Baking (a zonal rollout's monitor duration).")
  @Size(max = 64)
  private String reason;

  @JsonPropertyDescription("What the rollout waits for.")
  @Size(max = 1024)
  private String message;

  @JsonPropertyDescription("The index of the step (or zonal stage) that holds the rollout.")
  @Min(0)
  private Integer step;

  @JsonPropertyDescription(
      "When the wait ends by itself (RFC 3339, UTC); absent for a pause until promoted.")
  @Size(max = 40)
  private String until;

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

  public Integer getStep() {
    return step;
  }

  public void setStep(Integer step) {
    this.step = step;
  }

  public String getUntil() {
    return until;
  }

  public void setUntil(String until) {
    this.until = until;
  }
}
