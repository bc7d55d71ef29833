package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One lifecycle event on one instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecycleEventStatus {

  @JsonPropertyDescription("Lifecycle event name, e.g. ApplicationStart.")
  @Required
  @Size(max = 64)
  private String name;

  @JsonPropertyDescription("Status of the event.")
  private ExecutionStatus status;

  @JsonPropertyDescription("When the event started (RFC 3339, UTC).")
  @Size(max = 40)
  private String startTime;

  @JsonPropertyDescription("How long the event took, in milliseconds.")
  @Min(0)
  private Long durationMs;

  @JsonPropertyDescription("Why the event failed.")
  private Diagnostics diagnostics;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public ExecutionStatus getStatus() {
    return status;
  }

  public void setStatus(ExecutionStatus status) {
    this.status = status;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public Long getDurationMs() {
    return durationMs;
  }

  public void setDurationMs(Long durationMs) {
    this.durationMs = durationMs;
  }

  public Diagnostics getDiagnostics() {
    return diagnostics;
  }

  public void setDiagnostics(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }
}
