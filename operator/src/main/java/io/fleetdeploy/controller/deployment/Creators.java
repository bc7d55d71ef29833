package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentCreator;
import io.fleetdeploy.controller.Labels;
import java.util.Map;

/** Who created a Deployment, from the label its creator put on it (none: a user). */
final class Creators {
  private Creators() {}

  static DeploymentCreator of(Deployment deployment) {
    Map<String, String> labels = deployment.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(Labels.CREATOR);
    if (label == null) {
      return DeploymentCreator.USER;
    }
    return switch (label) {
      case "deploymentGroup" -> DeploymentCreator.DEPLOYMENT_GROUP;
      case "autoscaling" -> DeploymentCreator.AUTOSCALING;
      case "rollback" -> DeploymentCreator.ROLLBACK;
      default -> DeploymentCreator.USER;
    };
  }
}
