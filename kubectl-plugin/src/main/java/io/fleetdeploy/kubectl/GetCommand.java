package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Deployment;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code get deployment NAME [-w]} and {@code get group NAME}. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "Show one deployment (as a tree) or one deployment group.",
    subcommands = {GetCommand.GetDeployment.class, GetCommand.GetGroup.class})
final class GetCommand implements Runnable {
  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "say what to get: deployment NAME or group NAME");
  }

  @Command(
      name = "deployment",
      aliases = {"deployments", "deploy", "fddeploy"},
      mixinStandardHelpOptions = true,
      description =
          "The deployment as a tree: batches, their instances, each instance's lifecycle events.")
  static final class GetDeployment implements Runnable {
    @ParentCommand GetCommand get;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = {"-w", "--watch"},
        description = "Redraw in place as it changes, until it finishes.")
    boolean watch;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try (Kube kube = get.root.kube()) {
        Deployment d = kube.deployment(name);
        if (!watch) {
          out.print(DeploymentTree.render(d));
          out.flush();
          return;
        }
        String shown = null;
        while (true) {
          String now = DeploymentTree.render(d);
          if (!now.equals(shown)) {
            // Home and clear: the tree is redrawn in place.
            out.print("\033[H\033[2J");
            out.print(now);
            out.flush();
            shown = now;
          }
          if (Phases.finished(d)) {
            return;
          }
          Sleep.of(Duration.ofSeconds(1));
          d = kube.deployment(name);
        }
      }
    }
  }

  @Command(
      name = "group",
      aliases = {"groups", "deploymentgroup", "fdgroup"},
      mixinStandardHelpOptions = true,
      description = "The deployment group: targets, revisions, inventory, hooks, conditions.")
  static final class GetGroup implements Runnable {
    @ParentCommand GetCommand get;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public void run() {
      try (Kube kube = get.root.kube()) {
        spec.commandLine().getOut().print(GroupView.render(kube.group(name)));
        spec.commandLine().getOut().flush();
      }
    }
  }
}
