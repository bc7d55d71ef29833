package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How many instances in all a step brings the rollout to: count or percent. */
@ValidationRule(
    value = "has(self.count) != has(self.percent)",
    message = "setInstances needs exactly one of count or percent")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SetInstancesStep {

  @JsonPropertyDescription(
      "That many instances in all (cumulative, in rollout order; at most the whole fleet).")
  @Min(1)
  @Max(100000)
  private Integer count;

  @JsonPropertyDescription("That percentage of the fleet in all, rounded up (cumulative).")
  @Min(1)
  @Max(100)
  private Integer percent;

  public Integer getCount() {
    return count;
  }

  public void setCount(Integer count) {
    this.count = count;
  }

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }
}
