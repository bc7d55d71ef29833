package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/** A revision fixed at the bytes that were resolved for it: every host gets the same bundle. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PinnedRevision {

  @JsonPropertyDescription("The bundle in Amazon S3, as declared.")
  private S3Location s3;

  @JsonPropertyDescription("The bundle at an HTTP(S) address, as declared.")
  private UrlLocation url;

  @JsonPropertyDescription("SHA-256 of the bundle bytes, lowercase hex.")
  @Size(max = 64)
  private String sha256;

  @JsonPropertyDescription("The S3 object version that was resolved and pinned.")
  @Size(max = 1024)
  private String resolvedVersion;

  @JsonPropertyDescription("The ETag of the pinned S3 object.")
  @Size(max = 128)
  private String etag;

  @JsonPropertyDescription("Size of the bundle in bytes.")
  @Min(0)
  private Long sizeBytes;

  @JsonPropertyDescription(
      "Short human-readable name of the revision (bucket/key or file name, and digest "
          + "prefix).")
  @Size(max = 256)
  private String summary;

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

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }

  public String getResolvedVersion() {
    return resolvedVersion;
  }

  public void setResolvedVersion(String resolvedVersion) {
    this.resolvedVersion = resolvedVersion;
  }

  public String getEtag() {
    return etag;
  }

  public void setEtag(String etag) {
    this.etag = etag;
  }

  public Long getSizeBytes() {
    return sizeBytes;
  }

  public void setSizeBytes(Long sizeBytes) {
    this.sizeBytes = sizeBytes;
  }

  public String getSummary() {
    return summary;
  }

  public void setSummary(String summary) {
    this.summary = summary;
  }
}
