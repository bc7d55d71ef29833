package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * What the namespaces it names may deploy to (instances by tag, Auto Scaling groups, on-premises
 * instances by tag) and from (S3 buckets, URL prefixes). Cluster-scoped: the platform team owns it.
 * While no FleetPolicy exists, every namespace may target anything (as before FleetPolicy existed);
 * once one exists, a namespace may only what some FleetPolicy allows it.
 */
@Group(FleetdeployApi.GROUP)
@Version(FleetdeployApi.VERSION)
@ShortNames({"fdpolicy", "fdpolicies"})
@AdditionalPrinterColumn(
    name = "Namespaces",
    jsonPath = ".spec.namespaces",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class FleetPolicy extends CustomResource<FleetPolicySpec, Void> {

  @Override
  @JsonPropertyDescription(
      "Which namespaces, and what their DeploymentGroups and Deployments may target and fetch.")
  public FleetPolicySpec getSpec() {
    return super.getSpec();
  }

  /** None: the operator reads FleetPolicies and never writes them. */
  @Override
  @com.fasterxml.jackson.annotation.JsonIgnore
  public Void getStatus() {
    return super.getStatus();
  }
}
