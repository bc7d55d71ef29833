package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** One batch of a rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BatchStatus {

  @JsonPropertyDescription("Batch number, from 1.")
  @Required
  @Min(1)
  private Integer number;

  @JsonPropertyDescription("Instances in the batch.")
  @Min(0)
  private Integer size;

  @JsonPropertyDescription("When the batch started (RFC 3339, UTC).")
  @Size(max = 40)
  private String startTime;

  @JsonPropertyDescription("When the last instance of the batch finished (RFC 3339, UTC).")
  @Size(max = 40)
  private String endTime;

  @JsonPropertyDescription(
      "With traffic control: where the batch is with its load balancers. Blocking (recorded"
          + " before its instances are deregistered; draining), Blocked (drained, hosts run),"
          + " Allowing (registered again, waiting until healthy), Allowed.")
  private TrafficPhase traffic;

  @JsonPropertyDescription("When the batch entered its traffic phase (RFC 3339, UTC).")
  @Size(max = 40)
  private String trafficSince;

  @JsonPropertyDescription("Systems Manager command ids sent for this batch.")
  @Size(max = 400)
  private List<@Size(max = 64) String> commands;

  public Integer getNumber() {
    return number;
  }

  public void setNumber(Integer number) {
    this.number = number;
  }

  public Integer getSize() {
    return size;
  }

  public void setSize(Integer size) {
    this.size = size;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getEndTime() {
    return endTime;
  }

  public void setEndTime(String endTime) {
    this.endTime = endTime;
  }

  public List<String> getCommands() {
    return commands;
  }

  public void setCommands(List<String> commands) {
    this.commands = commands;
  }

  public TrafficPhase getTraffic() {
    return traffic;
  }

  public void setTraffic(TrafficPhase traffic) {
    this.traffic = traffic;
  }

  public String getTrafficSince() {
    return trafficSince;
  }

  public void setTrafficSince(String trafficSince) {
    this.trafficSince = trafficSince;
  }
}
