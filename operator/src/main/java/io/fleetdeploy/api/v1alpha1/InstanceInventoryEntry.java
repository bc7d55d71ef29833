package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One instance of the group, as last observed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceInventoryEntry {

  @JsonPropertyDescription("Instance id (i-... or mi-...).")
  @Required
  @Size(max = 32)
  private String id;

  @JsonPropertyDescription("Short digest of the revision the instance runs, empty when unknown.")
  @Size(max = 16)
  private String revision;

  @JsonPropertyDescription(
      "Healthy, Unhealthy (its last deployment failed) or Unknown (never deployed by this "
          + "group).")
  private InstanceHealth health;

  @JsonPropertyDescription("Availability zone.")
  @Size(max = 32)
  private String az;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision;
  }

  public InstanceHealth getHealth() {
    return health;
  }

  public void setHealth(InstanceHealth health) {
    this.health = health;
  }

  public String getAz() {
    return az;
  }

  public void setAz(String az) {
    this.az = az;
  }
}
