package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Full host output in CloudWatch Logs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudWatchLogging {

  @JsonPropertyDescription("Whether SSM sends the output to CloudWatch Logs. Default false.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "The log group. Default /fleetdeploy/<namespace>/<group name>. Each host's run is one"
          + " stream: <command id>/<instance id>/fleetdeployRunner/stderr.")
  @Size(min = 1, max = 512)
  @Pattern("^[.\\-_/#A-Za-z0-9]+$")
  private String logGroupName;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getLogGroupName() {
    return logGroupName;
  }

  public void setLogGroupName(String logGroupName) {
    this.logGroupName = logGroupName;
  }
}
