package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentCreator;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code retry NAME}: the same revision again. A deployment the group made for its declared
 * spec.revision is retried the GitOps way (the group's spec.retry goes up by one, the group makes
 * the new Deployment); any other gets a new Deployment of the same revision.
 */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = "Deploy a failed or stopped deployment's revision again.")
final class RetryCommand implements Runnable {
  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  public void run() {
    try (Kube kube = root.kube()) {
      Deployment d = kube.deployment(name);
      DeploymentPhase phase = Phases.of(d);
      if (phase != DeploymentPhase.Failed && phase != DeploymentPhase.Stopped) {
        throw new UserError(
            "deployment " + name + " is " + phase + ": only Failed or Stopped ones are retried");
      }
      String group = d.getSpec().getDeploymentGroupRef().getName();
      boolean declared =
          d.getStatus() != null && d.getStatus().getCreator() == DeploymentCreator.DEPLOYMENT_GROUP;
      var out = spec.commandLine().getOut();
      if (declared) {
        kube.group(group);
        DeploymentGroup edited =
            kube.client()
                .resources(DeploymentGroup.class)
                .inNamespace(kube.namespace())
                .withName(group)
                .edit(
                    g -> {
                      Integer retry = g.getSpec().getRetry();
                      g.getSpec().setRetry(retry == null ? 1 : retry + 1);
                      return g;
                    });
        out.println(
            "deployment group "
                + group
                + " spec.retry raised to "
                + edited.getSpec().getRetry()
                + ": it deploys its declared revision again");
      } else {
        Deployment again =
            Deployments.create(kube, group, d.getSpec().getRevision(), "retry of " + name);
        out.println(again.getMetadata().getName());
      }
      out.flush();
    }
  }
}
