package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One deployment group of an application, as last observed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApplicationGroupSummary {

  @JsonPropertyDescription("Name of the DeploymentGroup.")
  @Required
  @Size(max = 253)
  private String name;

  @JsonPropertyDescription("Summary of the revision the group runs or converges to.")
  @Size(max = 256)
  private String revision;

  @JsonPropertyDescription(
      "Phase of the group's latest deployment (Succeeded, InProgress, Failed, ...), or " + "None.")
  @Size(max = 32)
  private String phase;

  @JsonPropertyDescription("Whether the group's Ready condition is True.")
  private Boolean ready;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Boolean getReady() {
    return ready;
  }

  public void setReady(Boolean ready) {
    this.ready = ready;
  }
}
