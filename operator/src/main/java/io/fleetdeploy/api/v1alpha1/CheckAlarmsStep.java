package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Watch the group's alarms for a while; an alarm in ALARM fails the deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckAlarmsStep {

  @JsonPropertyDescription("How long to watch the alarms (e.g. 10m, or seconds).")
  @Required
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
