package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Classic Load Balancer (Elastic Load Balancing, API version 2012-06-01). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClassicLoadBalancerRef {

  @JsonPropertyDescription(
      "The Classic Load Balancer's name, e.g. web-classic: 1 to 32 letters, digits and hyphens,"
          + " not starting or ending with a hyphen.")
  @Required
  @Size(max = 32)
  @Pattern("^[a-zA-Z0-9]([a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$")
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
