package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How a revision is rolled out: a predefined configuration or a custom minimum of healthy hosts.
 * Defaults to OneAtATime.
 */
@ValidationRule(
    value = "has(self.name) != has(self.minimumHealthyHosts)",
    message = "deploymentConfig needs exactly one of name or minimumHealthyHosts")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentConfig {

  @JsonPropertyDescription("A predefined configuration: AllAtOnce, HalfAtATime or OneAtATime.")
  private PredefinedDeploymentConfig name;

  @JsonPropertyDescription("A custom minimum of healthy hosts; batches are as large as it allows.")
  private MinimumHealthyHosts minimumHealthyHosts;

  public PredefinedDeploymentConfig getName() {
    return name;
  }

  public void setName(PredefinedDeploymentConfig name) {
    this.name = name;
  }

  public MinimumHealthyHosts getMinimumHealthyHosts() {
    return minimumHealthyHosts;
  }

  public void setMinimumHealthyHosts(MinimumHealthyHosts minimumHealthyHosts) {
    this.minimumHealthyHosts = minimumHealthyHosts;
  }
}
