package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/**
 * Which trigger notifications of this deployment were handed to the sender: each is recorded before
 * it is sent, so none is sent twice, also across restarts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotificationStatus {

  @JsonPropertyDescription("DeploymentStart was recorded.")
  private Boolean deploymentStart;

  @JsonPropertyDescription("InstanceStart was recorded for batches 1 to this.")
  @Min(0)
  private Integer instanceStartBatches;

  @JsonPropertyDescription(
      "InstanceSuccess and InstanceFailure were recorded for batches 1 to this.")
  @Min(0)
  private Integer instanceEndBatches;

  @JsonPropertyDescription(
      "The deployment's end (DeploymentSuccess, DeploymentFailure or DeploymentStop) was recorded.")
  private Boolean deploymentEnd;

  @JsonPropertyDescription("DeploymentRollback was recorded.")
  private Boolean deploymentRollback;

  public Boolean getDeploymentStart() {
    return deploymentStart;
  }

  public void setDeploymentStart(Boolean deploymentStart) {
    this.deploymentStart = deploymentStart;
  }

  public Integer getInstanceStartBatches() {
    return instanceStartBatches;
  }

  public void setInstanceStartBatches(Integer instanceStartBatches) {
    this.instanceStartBatches = instanceStartBatches;
  }

  public Integer getInstanceEndBatches() {
    return instanceEndBatches;
  }

  public void setInstanceEndBatches(Integer instanceEndBatches) {
    this.instanceEndBatches = instanceEndBatches;
  }

  public Boolean getDeploymentEnd() {
    return deploymentEnd;
  }

  public void setDeploymentEnd(Boolean deploymentEnd) {
    this.deploymentEnd = deploymentEnd;
  }

  public Boolean getDeploymentRollback() {
    return deploymentRollback;
  }

  public void setDeploymentRollback(Boolean deploymentRollback) {
    this.deploymentRollback = deploymentRollback;
  }
}
