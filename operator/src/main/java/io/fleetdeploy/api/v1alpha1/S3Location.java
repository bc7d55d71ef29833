package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A revision bundle stored in Amazon S3. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3Location {

  @JsonPropertyDescription("Name of the S3 bucket that holds the bundle.")
  @Required
  @Size(min = 3, max = 63)
  @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
  private String bucket;

  @JsonPropertyDescription("Object key of the bundle in the bucket, e.g. web/web-1.4.2.tgz.")
  @Required
  @Size(min = 1, max = 1024)
  private String key;

  @JsonPropertyDescription("Archive format of the bundle: zip, tar or tgz.")
  @Required
  private BundleType bundleType;

  @JsonPropertyDescription(
      "S3 object version to deploy. When empty, the version current when the deployment "
          + "starts is pinned, so every host gets the same bytes.")
  @Size(max = 1024)
  private String version;

  @JsonPropertyDescription(
      "Expected ETag of the object. When set, a deployment fails before touching any host "
          + "if the object's ETag differs.")
  @Size(max = 128)
  private String etag;

  @JsonPropertyDescription(
      "Expected SHA-256 of the bundle, lowercase hex. When set, a deployment fails before "
          + "touching any host if the bundle's digest differs; hosts always verify the digest "
          + "pinned at start.")
  @Size(max = 64)
  @Pattern("^[0-9a-f]{64}$")
  private String sha256;

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public BundleType getBundleType() {
    return bundleType;
  }

  public void setBundleType(BundleType bundleType) {
    this.bundleType = bundleType;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getEtag() {
    return etag;
  }

  public void setEtag(String etag) {
    this.etag = etag;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }
}
