package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** Links between a failed deployment and its rollback. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackInfo {

  @JsonPropertyDescription("On the failed deployment: the Deployment that rolls it back.")
  @Size(max = 253)
  private String rollbackDeployment;

  @JsonPropertyDescription("On the rollback: the Deployment it rolls back.")
  @Size(max = 253)
  private String rollbackOf;

  @JsonPropertyDescription("Why a rollback did or did not happen.")
  @Size(max = 1024)
  private String message;

  public String getRollbackDeployment() {
    return rollbackDeployment;
  }

  public void setRollbackDeployment(String rollbackDeployment) {
    this.rollbackDeployment = rollbackDeployment;
  }

  public String getRollbackOf() {
    return rollbackOf;
  }

  public void setRollbackOf(String rollbackOf) {
    this.rollbackOf = rollbackOf;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
