package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * Automatic rollback: on the listed events the last successful revision is redeployed to the
 * instances the deployment changed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoRollback {

  @JsonPropertyDescription("Whether automatic rollback is on.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Events that trigger a rollback: DeploymentFailure, DeploymentStopOnRequest,"
          + " DeploymentStopOnAlarm. Defaults to [DeploymentFailure] when enabled and empty.")
  @Size(max = 3)
  private List<RollbackEvent> events;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<RollbackEvent> getEvents() {
    return events;
  }

  public void setEvents(List<RollbackEvent> events) {
    this.events = events;
  }
}
