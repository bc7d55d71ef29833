package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Why a deployment failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ErrorInformation {

  @JsonPropertyDescription("Error code, as in CodeDeploy.")
  @Required
  private ErrorCode code;

  @JsonPropertyDescription("What went wrong and what to do about it.")
  @Size(max = 8192)
  private String message;

  public ErrorCode getCode() {
    return code;
  }

  public void setCode(ErrorCode code) {
    this.code = code;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
