package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * How a revision is rolled out: a predefined configuration or a custom minimum of healthy hosts.
 * Defaults to OneAtATime. zonal (one Availability Zone at a time) or steps (explicit stages) shape
 * the rollout on top of that minimum.
 */
@ValidationRule(
    value = "has(self.name) != has(self.minimumHealthyHosts)",
    message = "deploymentConfig needs exactly one of name or minimumHealthyHosts")
@ValidationRule(
    value = "!(has(self.zonal) && has(self.steps))",
    message = "deploymentConfig takes zonal or steps, not both")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentConfig {

  @JsonPropertyDescription("A predefined configuration: AllAtOnce, HalfAtATime or OneAtATime.")
  private PredefinedDeploymentConfig name;

  @JsonPropertyDescription("A custom minimum of healthy hosts; batches are as large as it allows.")
  private MinimumHealthyHosts minimumHealthyHosts;

  @JsonPropertyDescription(
      "Deploy one Availability Zone at a time (CodeDeploy's zonal configuration), zones in name"
          + " order and instances without a zone last, with a bake time between zones."
          + " Not with steps.")
  private ZonalConfig zonal;

  @JsonPropertyDescription(
      "Deploy in explicit steps, in order: setInstances (cumulative), pause (for a duration, or"
          + " until promoted) and checkAlarms. Instances left after the last step are deployed to"
          + " at the end. Every batch honours the minimum healthy hosts. Not with zonal.")
  @Size(max = 64)
  private List<DeploymentStep> steps;

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

  public ZonalConfig getZonal() {
    return zonal;
  }

  public void setZonal(ZonalConfig zonal) {
    this.zonal = zonal;
  }

  public List<DeploymentStep> getSteps() {
    return steps;
  }

  public void setSteps(List<DeploymentStep> steps) {
    this.steps = steps;
  }
}
