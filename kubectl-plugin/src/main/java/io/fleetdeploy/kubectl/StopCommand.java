package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.AutoRollback;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stop NAME [--rollback]}: sets spec.stop (CodeDeploy's stop-deployment); with --rollback
 * also asks for an automatic rollback on stop, as "stop and roll back" does.
 */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = "Stop a running deployment (spec.stop: true); --rollback also rolls it back.")
final class StopCommand implements Runnable {
  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME")
  String name;

  @Option(
      names = "--rollback",
      description = "Roll the instances it changed back to the last good revision.")
  boolean rollback;

  @Override
  public void run() {
    try (Kube kube = root.kube()) {
      Deployment d = kube.deployment(name);
      if (Phases.finished(d)) {
        throw new UserError("deployment " + name + " already ended: " + Phases.of(d));
      }
      kube.client()
          .resources(Deployment.class)
          .inNamespace(kube.namespace())
          .withName(name)
          .edit(
              current -> {
                current.getSpec().setStop(true);
                if (rollback) {
                  AutoRollback r = new AutoRollback();
                  r.setEnabled(true);
                  r.setEvents(
                      List.of(
                          RollbackEvent.DeploymentFailure, RollbackEvent.DeploymentStopOnRequest));
                  current.getSpec().setAutoRollback(r);
                }
                return current;
              });
      spec.commandLine()
          .getOut()
          .println(
              "deployment "
                  + name
                  + " stopping"
                  + (rollback ? "; the instances it changed will be rolled back" : ""));
      spec.commandLine().getOut().flush();
    }
  }
}
