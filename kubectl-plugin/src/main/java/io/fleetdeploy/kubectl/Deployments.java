package io.fleetdeploy.kubectl;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.Revision;
import java.util.Map;

/** New Deployments the plugin creates, marked as the plugin's. */
final class Deployments {
  static final String CREATED_BY = "fleetdeploy.io/created-by";

  private Deployments() {}

  static Deployment create(Kube kube, String group, Revision revision, String why) {
    Deployment d = new Deployment();
    d.setMetadata(
        new ObjectMetaBuilder()
            .withName(Names.forGroup(group))
            .withNamespace(kube.namespace())
            .withAnnotations(
                Map.of(CREATED_BY, "kubectl-fleetdeploy", "fleetdeploy.io/reason", why))
            .build());
    DeploymentSpec spec = new DeploymentSpec();
    ObjectReference ref = new ObjectReference();
    ref.setName(group);
    spec.setDeploymentGroupRef(ref);
    spec.setRevision(revision);
    spec.setDescription(why);
    d.setSpec(spec);
    return kube.client()
        .resources(Deployment.class)
        .inNamespace(kube.namespace())
        .resource(d)
        .create();
  }
}
