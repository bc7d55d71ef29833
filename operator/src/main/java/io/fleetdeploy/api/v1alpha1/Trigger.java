package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * A notification trigger (CodeDeploy's trigger configuration): these events of the group's
 * deployments go to one destination, as CodeDeploy's trigger JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Trigger {

  @JsonPropertyDescription("The trigger's name; it is the eventTriggerName of every message.")
  @Required
  @Size(min = 1, max = 256)
  private String name;

  @JsonPropertyDescription(
      "The events to notify, with CodeDeploy's names: DeploymentStart, DeploymentSuccess, DeploymentFailure, DeploymentStop, DeploymentRollback, InstanceStart, InstanceSuccess, InstanceFailure (DeploymentReady and InstanceReady are accepted and never sent: they belong to blue/green deployments). Instance events are sent once per batch, listing the batch's instances.")
  @Required
  @Size(min = 1, max = 10)
  private List<TriggerEvent> events;

  @JsonPropertyDescription("Where the messages go: an SNS topic, or an HTTPS webhook.")
  @Required
  private TriggerDestination destination;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<TriggerEvent> getEvents() {
    return events;
  }

  public void setEvents(List<TriggerEvent> events) {
    this.events = events;
  }

  public TriggerDestination getDestination() {
    return destination;
  }

  public void setDestination(TriggerDestination destination) {
    this.destination = destination;
  }
}
