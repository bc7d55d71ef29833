package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * CloudWatch alarms watched while a deployment runs (CodeDeploy's alarm configuration): one in
 * ALARM stops the deployment with ALARM_ACTIVE.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlarmConfiguration {

  @JsonPropertyDescription("Whether the alarms are watched. Default false.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Go on when an alarm cannot be read (it does not exist, or CloudWatch fails or denies the"
          + " call). Default false: an unreadable alarm stops the deployment, as in CodeDeploy.")
  private Boolean ignorePollAlarmFailure;

  @JsonPropertyDescription(
      "The CloudWatch alarms, by name, in the operator's region; at most 10, as in CodeDeploy.")
  @Size(max = 10)
  private List<AlarmRef> alarms;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Boolean getIgnorePollAlarmFailure() {
    return ignorePollAlarmFailure;
  }

  public void setIgnorePollAlarmFailure(Boolean ignorePollAlarmFailure) {
    this.ignorePollAlarmFailure = ignorePollAlarmFailure;
  }

  public List<AlarmRef> getAlarms() {
    return alarms;
  }

  public void setAlarms(List<AlarmRef> alarms) {
    this.alarms = alarms;
  }
}
