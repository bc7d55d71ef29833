package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * The declared revision (spec.revision, with spec.retry) the group last created a Deployment for:
 * the group's own record, so that nothing is rolled out twice for one declaration even after the
 * Deployment was pruned from history.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeclaredRevisionStatus {

  @JsonPropertyDescription(
      "Digest of the declared revision's identity (bucket, key, version, digest).")
  @Required
  @Size(max = 64)
  private String identity;

  @JsonPropertyDescription("The spec.retry value it was created for.")
  @Min(0)
  private Integer retry;

  @JsonPropertyDescription("The Deployment created for it.")
  @Size(max = 253)
  private String deployment;

  public String getIdentity() {
    return identity;
  }

  public void setIdentity(String identity) {
    this.identity = identity;
  }

  public Integer getRetry() {
    return retry;
  }

  public void setRetry(Integer retry) {
    this.retry = retry;
  }

  public String getDeployment() {
    return deployment;
  }

  public void setDeployment(String deployment) {
    this.deployment = deployment;
  }
}
