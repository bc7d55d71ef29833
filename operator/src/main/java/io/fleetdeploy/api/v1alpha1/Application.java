package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A named application (CodeDeploy's application, compute platform Server) that groups deploy. */
@Group(FleetdeployApi.GROUP)
@Version(FleetdeployApi.VERSION)
@ShortNames({"fdapp", "fdapps"})
@Categories(FleetdeployApi.CATEGORY)
@AdditionalPrinterColumn(
    name = "Platform",
    jsonPath = ".spec.computePlatform",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Application extends CustomResource<ApplicationSpec, ApplicationStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("The application: a description and its compute platform.")
  public ApplicationSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator observed: the application's deployment groups and whether they are ready.")
  public ApplicationStatus getStatus() {
    return super.getStatus();
  }
}
