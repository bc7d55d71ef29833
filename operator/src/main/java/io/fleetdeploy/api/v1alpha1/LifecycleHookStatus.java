package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A lifecycle hook the operator owns on an Auto Scaling group. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecycleHookStatus {

  @JsonPropertyDescription("Auto Scaling group name.")
  @Required
  @Size(max = 255)
  private String autoScalingGroup;

  @JsonPropertyDescription("Hook name.")
  @Size(max = 255)
  private String name;

  @JsonPropertyDescription("Launching or Terminating.")
  private HookTransition transition;

  @JsonPropertyDescription(
      "Installed, Repaired, Missing, Removed, or Refused (another group owns the Auto "
          + "Scaling group).")
  private HookState state;

  @JsonPropertyDescription("Why the hook is not Installed, if it is not.")
  @Size(max = 1024)
  private String message;

  public String getAutoScalingGroup() {
    return autoScalingGroup;
  }

  public void setAutoScalingGroup(String autoScalingGroup) {
    this.autoScalingGroup = autoScalingGroup;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public HookTransition getTransition() {
    return transition;
  }

  public void setTransition(HookTransition transition) {
    this.transition = transition;
  }

  public HookState getState() {
    return state;
  }

  public void setState(HookState state) {
    this.state = state;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
