package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.Revision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rollback GROUP [--to NAME]}: a new Deployment of the group's last successful revision
 * (pinned: the same object version), or of the named Deployment's revision.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Deploy the group's last good revision again (or --to a deployment's); prints the new name.")
final class RollbackCommand implements Runnable {
  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "GROUP")
  String group;

  @Option(names = "--to", paramLabel = "NAME", description = "Deploy this Deployment's revision.")
  String to;

  @Override
  public void run() {
    try (Kube kube = root.kube()) {
      DeploymentGroup g = kube.group(group);
      Revision revision;
      String why;
      if (to != null) {
        Deployment target = kube.deployment(to);
        if (!group.equals(target.getSpec().getDeploymentGroupRef().getName())) {
          throw new UserError(
              "deployment "
                  + to
                  + " belongs to group "
                  + target.getSpec().getDeploymentGroupRef().getName()
                  + ", not "
                  + group);
        }
        revision =
            Phases.of(target) == DeploymentPhase.Succeeded
                    && target.getStatus().getRevision() != null
                ? Revisions.of(target.getStatus().getRevision())
                : target.getSpec().getRevision();
        why = "rollback of group " + group + " to the revision of " + to;
      } else {
        if (g.getStatus() == null || g.getStatus().getLastSuccessfulRevision() == null) {
          throw new UserError(
              "deployment group " + group + " has no successful deployment to roll back to");
        }
        revision = Revisions.of(g.getStatus().getLastSuccessfulRevision());
        why =
            "rollback of group "
                + group
                + " to its last good revision"
                + (g.getStatus().getLastSuccessfulDeployment() == null
                    ? ""
                    : " (" + g.getStatus().getLastSuccessfulDeployment() + ")");
      }
      Deployment d = Deployments.create(kube, group, revision, why);
      var out = spec.commandLine().getOut();
      out.println(d.getMetadata().getName());
      if (g.getSpec().getRevision() != null) {
        spec.commandLine()
            .getErr()
            .println(
                "note: group "
                    + group
                    + " declares spec.revision; change it too, or its next change rolls forward");
      }
      out.flush();
    }
  }
}
