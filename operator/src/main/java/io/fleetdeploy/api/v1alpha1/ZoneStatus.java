package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One Availability Zone of a zonal rollout, fixed at start. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZoneStatus {

  @JsonPropertyDescription("The Availability Zone (on-premises for instances without one).")
  @Size(max = 64)
  private String name;

  @JsonPropertyDescription("Its target instances, in rollout order.")
  @Size(max = 100000)
  private List<@Size(max = 32) String> instances;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<@Size(max = 32) String> getInstances() {
    return instances;
  }

  public void setInstances(List<@Size(max = 32) String> instances) {
    this.instances = instances;
  }
}
