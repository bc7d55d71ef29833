package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A CloudWatch alarm. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlarmRef {

  @JsonPropertyDescription("The alarm's name.")
  @Required
  @Size(min = 1, max = 255)
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
