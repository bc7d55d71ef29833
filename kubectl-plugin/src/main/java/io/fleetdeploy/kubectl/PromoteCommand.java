package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.PauseStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code promote NAME}: passes the pause a stepped rollout waits in, by writing the paused step's
 * index to spec.promote (idempotent: promoting the same step twice changes nothing).
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description = "Resume a stepped rollout paused until promoted (sets spec.promote).")
final class PromoteCommand implements Runnable {
  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  public void run() {
    try (Kube kube = root.kube()) {
      Deployment d = kube.deployment(name);
      PauseStatus pause = d.getStatus() == null ? null : d.getStatus().getPause();
      if (pause == null || pause.getStep() == null) {
        throw new UserError(
            "deployment " + name + " is not paused: only a paused stepped rollout is promoted");
      }
      int step = pause.getStep();
      kube.client()
          .resources(Deployment.class)
          .inNamespace(kube.namespace())
          .withName(name)
          .edit(
              x -> {
                x.getSpec().setPromote(step);
                return x;
              });
      var out = spec.commandLine().getOut();
      out.println(
          "deployment " + name + " promoted past step " + step + " (" + pause.getReason() + ")");
      out.flush();
    }
  }
}
