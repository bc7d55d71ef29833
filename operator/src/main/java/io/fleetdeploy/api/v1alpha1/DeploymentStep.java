package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** One step of a stepped rollout: exactly one of setInstances, pause or checkAlarms. */
@ValidationRule(
    value =
        "(has(self.setInstances) ? 1 : 0) + (has(self.pause) ? 1 : 0) + (has(self.checkAlarms) ? 1 : 0) == 1",
    message = "a step needs exactly one of setInstances, pause or checkAlarms")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentStep {

  @JsonPropertyDescription(
      "Deploy until this many instances in all have been deployed to (cumulative). Batches still honour the minimum healthy hosts.")
  private SetInstancesStep setInstances;

  @JsonPropertyDescription(
      "Wait: for pause.duration, or, with pause: {}, until spec.promote of the Deployment is at least this step's index.")
  private PauseStep pause;

  @JsonPropertyDescription(
      "Watch the group's alarms for checkAlarms.duration; one in ALARM fails the deployment with ALARM_ACTIVE.")
  private CheckAlarmsStep checkAlarms;

  public SetInstancesStep getSetInstances() {
    return setInstances;
  }

  public void setSetInstances(SetInstancesStep setInstances) {
    this.setInstances = setInstances;
  }

  public PauseStep getPause() {
    return pause;
  }

  public void setPause(PauseStep pause) {
    this.pause = pause;
  }

  public CheckAlarmsStep getCheckAlarms() {
    return checkAlarms;
  }

  public void setCheckAlarms(CheckAlarmsStep checkAlarms) {
    this.checkAlarms = checkAlarms;
  }
}
