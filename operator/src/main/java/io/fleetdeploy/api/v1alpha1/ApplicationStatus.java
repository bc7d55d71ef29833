package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The observed state of an Application. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationStatus {

  @JsonPropertyDescription("The metadata.generation last reconciled.")
  @Min(0)
  private Long observedGeneration;

  @JsonPropertyDescription("Ready: all groups of the application exist and are ready.")
  @Size(max = 8)
  private List<Condition> conditions;

  @JsonPropertyDescription("The deployment groups that reference this application.")
  @Size(max = 1000)
  private List<ApplicationGroupSummary> deploymentGroups;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<ApplicationGroupSummary> getDeploymentGroups() {
    return deploymentGroups;
  }

  public void setDeploymentGroups(List<ApplicationGroupSummary> deploymentGroups) {
    this.deploymentGroups = deploymentGroups;
  }
}
