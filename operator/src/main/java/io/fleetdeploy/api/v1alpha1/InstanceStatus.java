package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * The deployment on one instance. Succeeded instances carry only a short entry; details are kept
 * where they matter.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InstanceStatus {

  @JsonPropertyDescription("Instance id (i-... or mi-...).")
  @Required
  @Size(max = 32)
  private String id;

  @JsonPropertyDescription("Status on this instance.")
  private ExecutionStatus status;

  @JsonPropertyDescription("The batch (from 1) the instance was deployed in.")
  @Min(0)
  private Integer batch;

  @JsonPropertyDescription("When the instance started (RFC 3339, UTC).")
  @Size(max = 40)
  private String startTime;

  @JsonPropertyDescription("When the instance finished (RFC 3339, UTC).")
  @Size(max = 40)
  private String endTime;

  @JsonPropertyDescription("The last lifecycle event that ran.")
  @Size(max = 64)
  private String lastEvent;

  @JsonPropertyDescription(
      "Why the instance failed or was skipped, as a code: the failed event's error code (ScriptFailed, ScriptTimedOut, ...), AGENT_ISSUE, InstanceTerminated, InstanceStopped, InstanceLeft (it left the fleet before its turn: not a failure), Cancelled, UnknownError.")
  @Size(max = 64)
  private String errorCode;

  @JsonPropertyDescription("Why the instance failed or was skipped, in short.")
  @Size(max = 1024)
  private String message;

  @JsonPropertyDescription("Per-event detail, kept for failed and in-progress instances.")
  @Size(max = 16)
  private List<LifecycleEventStatus> events;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public ExecutionStatus getStatus() {
    return status;
  }

  public void setStatus(ExecutionStatus status) {
    this.status = status;
  }

  public Integer getBatch() {
    return batch;
  }

  public void setBatch(Integer batch) {
    this.batch = batch;
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

  public String getLastEvent() {
    return lastEvent;
  }

  public void setLastEvent(String lastEvent) {
    this.lastEvent = lastEvent;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public List<LifecycleEventStatus> getEvents() {
    return events;
  }

  public void setEvents(List<LifecycleEventStatus> events) {
    this.events = events;
  }

  public String getErrorCode() {
    return errorCode;
  }

  public void setErrorCode(String errorCode) {
    this.errorCode = errorCode;
  }
}
