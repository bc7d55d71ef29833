package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The namespaces a FleetPolicy governs and what they may use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FleetPolicySpec {

  @JsonPropertyDescription(
      "Namespaces this policy allows something to: names, or prefixes ending in * (\"team-*\"); \"*\" is every"
          + " namespace.")
  @Required
  @Size(min = 1, max = 100)
  private List<@Size(min = 1, max = 64) String> namespaces;

  @JsonPropertyDescription("The instances their DeploymentGroups may target.")
  private PolicyTargets targets;

  @JsonPropertyDescription("Where their revisions may come from.")
  private PolicyRevisions revisions;

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public PolicyTargets getTargets() {
    return targets;
  }

  public void setTargets(PolicyTargets targets) {
    this.targets = targets;
  }

  public PolicyRevisions getRevisions() {
    return revisions;
  }

  public void setRevisions(PolicyRevisions revisions) {
    this.revisions = revisions;
  }
}
