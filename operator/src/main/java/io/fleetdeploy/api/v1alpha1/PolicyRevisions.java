package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Where a FleetPolicy's namespaces may fetch revisions from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyRevisions {

  @JsonPropertyDescription("S3 buckets revisions may come from: names, or prefixes ending in *.")
  @Size(max = 100)
  private List<@Size(min = 1, max = 63) String> s3Buckets;

  @JsonPropertyDescription(
      "Prefixes url revisions must start with (the operator's --allowed-url-prefixes applies too).")
  @Size(max = 100)
  private List<@Size(min = 1, max = 2048) String> urlPrefixes;

  public List<String> getS3Buckets() {
    return s3Buckets;
  }

  public void setS3Buckets(List<String> s3Buckets) {
    this.s3Buckets = s3Buckets;
  }

  public List<String> getUrlPrefixes() {
    return urlPrefixes;
  }

  public void setUrlPrefixes(List<String> urlPrefixes) {
    this.urlPrefixes = urlPrefixes;
  }
}
