package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A revision bundle served over HTTPS (or HTTP inside a trusted network). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UrlLocation {

  @JsonPropertyDescription(
      "Address the operator and the hosts download the bundle from. It must lie under one of"
          + " the operator's allowed URL prefixes (run --allowed-url-prefixes, Helm value revisions.allowedUrlPrefixes;"
          + " none by default), else the deployment fails INVALID_REVISION before anything is fetched.")
  @Required
  @Size(min = 8, max = 2048)
  @Pattern("^https?://[^\\s]+$")
  private String url;

  @JsonPropertyDescription("Archive format of the bundle: zip, tar or tgz.")
  @Required
  private BundleType bundleType;

  @JsonPropertyDescription(
      "SHA-256 of the bundle, lowercase hex. Required for url revisions: it is what makes a"
          + " URL a fixed revision.")
  @Size(max = 64)
  @Pattern("^[0-9a-f]{64}$")
  private String sha256;

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public BundleType getBundleType() {
    return bundleType;
  }

  public void setBundleType(BundleType bundleType) {
    this.bundleType = bundleType;
  }

  public String getSha256() {
    return sha256;
  }

  public void setSha256(String sha256) {
    this.sha256 = sha256;
  }
}
