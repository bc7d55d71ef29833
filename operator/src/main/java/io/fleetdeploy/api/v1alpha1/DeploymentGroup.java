package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Which instances an application is deployed to, how revisions roll out over them, and optionally
 * which revision they should run (the GitOps path).
 */
@Group(FleetdeployApi.GROUP)
@Version(FleetdeployApi.VERSION)
@ShortNames({"fdgroup", "fdgroups", "fddg"})
@Categories(FleetdeployApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Application",
    jsonPath = ".spec.applicationRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Instances",
    jsonPath = ".status.instanceCount",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Revision",
    jsonPath = ".status.lastSuccessfulRevision.summary",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Active",
    jsonPath = ".status.activeDeployment",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class DeploymentGroup extends CustomResource<DeploymentGroupSpec, DeploymentGroupStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "Which instances, how to roll out, and optionally which revision the fleet should run.")
  public DeploymentGroupSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: inventory, revisions, the running deployment, lifecycle hooks and conditions.")
  public DeploymentGroupStatus getStatus() {
    return super.getStatus();
  }
}
