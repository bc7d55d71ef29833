package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** A pause: for a duration, or until promoted when it has none. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PauseStep {

  @JsonPropertyDescription(
      "How long to pause (e.g. 30s, 5m, 1h30m, or seconds). Without it the rollout waits until spec.promote of the Deployment reaches this step's index.")
  @Pattern("^([0-9]+|([0-9]+[hms])+)$")
  @Size(max = 32)
  private String duration;

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }
}
