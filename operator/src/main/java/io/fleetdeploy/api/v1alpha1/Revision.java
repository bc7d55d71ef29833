package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where a revision bundle comes from: exactly one of s3 or url. */
@ValidationRule(
    value = "has(self.s3) != has(self.url)",
    message = "a revision needs exactly one of s3 or url")
@ValidationRule(
    value = "!has(self.url) || has(self.url.sha256)",
    message = "a url revision needs sha256: hosts verify the bundle against it")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Revision {

  @JsonPropertyDescription("The bundle in Amazon S3.")
  private S3Location s3;

  @JsonPropertyDescription("The bundle at an HTTP(S) address.")
  private UrlLocation url;

  public S3Location getS3() {
    return s3;
  }

  public void setS3(S3Location s3) {
    this.s3 = s3;
  }

  public UrlLocation getUrl() {
    return url;
  }

  public void setUrl(UrlLocation url) {
    this.url = url;
  }
}
