package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One rollout of one revision to one deployment group, with per-instance results in its status. */
@Group(FleetdeployApi.GROUP)
@Version(FleetdeployApi.VERSION)
@ShortNames({"fddeploy", "fddeploys"})
@Categories(FleetdeployApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Group",
    jsonPath = ".spec.deploymentGroupRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Progress",
    jsonPath = ".status.progress",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Revision",
    jsonPath = ".status.revision.summary",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Creator",
    jsonPath = ".status.creator",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Error",
    jsonPath = ".status.errorInformation.code",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Deployment extends CustomResource<DeploymentSpec, DeploymentStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("The revision to roll out, to which group, and how.")
  public DeploymentSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Progress and results: phase, batches, per-instance status, errors and rollback links.")
  public DeploymentStatus getStatus() {
    return super.getStatus();
  }
}
