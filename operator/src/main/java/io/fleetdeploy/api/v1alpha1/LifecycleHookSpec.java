package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** An Auto Scaling lifecycle hook that the operator installs and owns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LifecycleHookSpec {

  @JsonPropertyDescription("Whether the hook is installed.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "How long an instance may wait in the hook before Auto Scaling applies the default "
          + "result; the operator sends heartbeats while it deploys. 30-7200, default 600.")
  @Min(30)
  @Max(7200)
  @Default("600")
  private Integer heartbeatTimeoutSeconds;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getHeartbeatTimeoutSeconds() {
    return heartbeatTimeoutSeconds;
  }

  public void setHeartbeatTimeoutSeconds(Integer heartbeatTimeoutSeconds) {
    this.heartbeatTimeoutSeconds = heartbeatTimeoutSeconds;
  }
}
