package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** The desired state of an Application: a named application that deployment groups deploy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationSpec {

  @JsonPropertyDescription("Free text describing the application.")
  @Size(max = 1024)
  private String description;

  @JsonPropertyDescription(
      "The compute platform. Only Server (EC2 and on-premises instances) is supported.")
  @Default("Server")
  private ComputePlatform computePlatform;

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public ComputePlatform getComputePlatform() {
    return computePlatform;
  }

  public void setComputePlatform(ComputePlatform computePlatform) {
    this.computePlatform = computePlatform;
  }
}
