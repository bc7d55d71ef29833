package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How the group works with its Auto Scaling groups. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoScalingSpec {

  @JsonPropertyDescription(
      "The launch hook: new instances wait until the group's revision is deployed to them. "
          + "Enabled by default when autoScalingGroups are listed.")
  private LifecycleHookSpec launchHook;

  @JsonPropertyDescription(
      "The termination hook: ApplicationStop runs on an instance before scale-in terminates"
          + " it. Disabled by default.")
  private LifecycleHookSpec terminationHook;

  @JsonPropertyDescription(
      "After this many launches in a row fail to deploy, the group becomes Degraded and "
          + "stops abandoning new instances (no launch/terminate loop). Default 3.")
  @Min(1)
  @Max(100)
  private Integer maxConsecutiveLaunchFailures;

  @JsonPropertyDescription(
      "Break-glass: while Degraded by failed launches, let new instances into service "
          + "(lifecycle action CONTINUE) without a deployment instead of holding them. Default "
          + "false.")
  private Boolean continueWhenDegraded;

  public LifecycleHookSpec getLaunchHook() {
    return launchHook;
  }

  public void setLaunchHook(LifecycleHookSpec launchHook) {
    this.launchHook = launchHook;
  }

  public LifecycleHookSpec getTerminationHook() {
    return terminationHook;
  }

  public void setTerminationHook(LifecycleHookSpec terminationHook) {
    this.terminationHook = terminationHook;
  }

  public Integer getMaxConsecutiveLaunchFailures() {
    return maxConsecutiveLaunchFailures;
  }

  public void setMaxConsecutiveLaunchFailures(Integer maxConsecutiveLaunchFailures) {
    this.maxConsecutiveLaunchFailures = maxConsecutiveLaunchFailures;
  }

  public Boolean getContinueWhenDegraded() {
    return continueWhenDegraded;
  }

  public void setContinueWhenDegraded(Boolean continueWhenDegraded) {
    this.continueWhenDegraded = continueWhenDegraded;
  }
}
