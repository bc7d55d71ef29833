package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** How many instances are in each status. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Overview {

  @JsonPropertyDescription("Instances not started yet.")
  @Min(0)
  private Integer pending;

  @JsonPropertyDescription("Instances being deployed.")
  @Min(0)
  private Integer inProgress;

  @JsonPropertyDescription("Instances deployed successfully.")
  @Min(0)
  private Integer succeeded;

  @JsonPropertyDescription("Instances whose deployment failed.")
  @Min(0)
  private Integer failed;

  @JsonPropertyDescription("Instances left out because the deployment failed or stopped first.")
  @Min(0)
  private Integer skipped;

  public Integer getPending() {
    return pending;
  }

  public void setPending(Integer pending) {
    this.pending = pending;
  }

  public Integer getInProgress() {
    return inProgress;
  }

  public void setInProgress(Integer inProgress) {
    this.inProgress = inProgress;
  }

  public Integer getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(Integer succeeded) {
    this.succeeded = succeeded;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public Integer getSkipped() {
    return skipped;
  }

  public void setSkipped(Integer skipped) {
    this.skipped = skipped;
  }
}
