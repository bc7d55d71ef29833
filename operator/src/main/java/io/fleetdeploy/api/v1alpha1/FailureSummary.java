package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** How many instances failed one way (one error code in one lifecycle event), with an example. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailureSummary {

  @JsonPropertyDescription("The error code, as in instances[].errorCode.")
  @Required
  @Size(max = 64)
  private String errorCode;

  @JsonPropertyDescription("The lifecycle event that failed, when the host got that far.")
  @Size(max = 64)
  private String lifecycleEvent;

  @JsonPropertyDescription("How many instances failed this way.")
  @Min(0)
  private Integer instances;

  @JsonPropertyDescription("The first instance that failed this way.")
  @Size(max = 32)
  private String firstInstance;

  @JsonPropertyDescription("What happened on the first instance.")
  @Size(max = 1024)
  private String message;

  public String getErrorCode() {
    return errorCode;
  }

  public void setErrorCode(String errorCode) {
    this.errorCode = errorCode;
  }

  public String getLifecycleEvent() {
    return lifecycleEvent;
  }

  public void setLifecycleEvent(String lifecycleEvent) {
    this.lifecycleEvent = lifecycleEvent;
  }

  public Integer getInstances() {
    return instances;
  }

  public void setInstances(Integer instances) {
    this.instances = instances;
  }

  public String getFirstInstance() {
    return firstInstance;
  }

  public void setFirstInstance(String firstInstance) {
    this.firstInstance = firstInstance;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
