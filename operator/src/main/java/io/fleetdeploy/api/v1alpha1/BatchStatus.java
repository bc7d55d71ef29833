package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
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
      "With traffic control: where the batch is with its load balancers. BeforeBlock (still in"
          + " service: the hosts run BeforeBlockTraffic, host part 1), Blocking (recorded before"
          + " its instances are deregistered; draining), Blocked (drained, hosts run),"
          + " Allowing (registered again, waiting until healthy), Allowed (back in service; the"
          + " hosts may still run AfterAllowTraffic, host part 3).")
  private TrafficPhase traffic;

  @JsonPropertyDescription(
      "With traffic control and scripts on the traffic events: the parts the hosts' work is sent"
          + " in, so each traffic event runs on its side of the switch: 1 (BeforeBlockTraffic,"
          + " before deregistering), 2 (AfterBlockTraffic to BeforeAllowTraffic, out of service),"
          + " 3 (AfterAllowTraffic, once healthy again). Part 2 is always sent; a part whose"
          + " event has no script is left out. Absent: one send with every event.")
  @Size(max = 3)
  private List<Integer> hostParts;

  @JsonPropertyDescription(
      "The host part (see hostParts) sent or to be sent now; recorded before it is sent, and"
          + " commands lists its sends only.")
  @Min(1)
  @Max(3)
  private Integer hostPart;

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

  public List<Integer> getHostParts() {
    return hostParts;
  }

  public void setHostParts(List<Integer> hostParts) {
    this.hostParts = hostParts;
  }

  public Integer getHostPart() {
    return hostPart;
  }

  public void setHostPart(Integer hostPart) {
    this.hostPart = hostPart;
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
