package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The minimum number of instances that must stay healthy during a deployment. */
@ValidationRule(
    value = "self.type != 'FLEET_PERCENT' || self.value <= 99",
    message =
        "FLEET_PERCENT must be between 0 and 99: at 100 no instance could ever be taken out of service")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MinimumHealthyHosts {

  @JsonPropertyDescription(
      "HOST_COUNT: an absolute number of instances. FLEET_PERCENT: a percentage of the "
          + "fleet, rounded up.")
  @Required
  private MinimumHealthyHostsType type;

  @JsonPropertyDescription(
      "The number of instances (HOST_COUNT) or the percentage of the fleet, 0-99 "
          + "(FLEET_PERCENT).")
  @Required
  @Min(0)
  @Max(100000)
  private Integer value;

  public MinimumHealthyHostsType getType() {
    return type;
  }

  public void setType(MinimumHealthyHostsType type) {
    this.type = type;
  }

  public Integer getValue() {
    return value;
  }

  public void setValue(Integer value) {
    this.value = value;
  }
}
