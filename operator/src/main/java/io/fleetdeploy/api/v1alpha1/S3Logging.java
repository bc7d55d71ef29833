package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Full host output in S3. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Logging {

  @JsonPropertyDescription("The bucket SSM writes each host's output to.")
  @Required
  @Size(min = 3, max = 63)
  @Pattern("^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
  private String bucket;

  @JsonPropertyDescription(
      "Key prefix, e.g. fleetdeploy/web-prod. SSM writes"
          + " <prefix>/<command id>/<instance id>/awsrunShellScript/fleetdeployRunner/stderr.")
  @Size(max = 500)
  private String keyPrefix;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getKeyPrefix() {
    return keyPrefix;
  }

  public void setKeyPrefix(String keyPrefix) {
    this.keyPrefix = keyPrefix;
  }
}
