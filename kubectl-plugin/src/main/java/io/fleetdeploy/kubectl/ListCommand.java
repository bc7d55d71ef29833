package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code list deployments [--group G] [--phase P]}: newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List deployments.",
    subcommands = {ListCommand.ListDeployments.class})
final class ListCommand implements Runnable {
  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to list: deployments");
  }

  @Command(
      name = "deployments",
      aliases = {"deployment", "deploy"},
      mixinStandardHelpOptions = true,
      description = "Deployments of the namespace, newest first.")
  static final class ListDeployments implements Runnable {
    @ParentCommand ListCommand list;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--group", paramLabel = "G", description = "Only this deployment group's.")
    String group;

    @Option(
        names = "--phase",
        paramLabel = "P",
        description =
            "Only in this phase: Created, Queued, InProgress, Succeeded, Failed, Stopped.")
    String phase;

    @Override
    public void run() {
      DeploymentPhase wanted = phase == null ? null : phase(phase);
      try (Kube kube = list.root.kube()) {
        List<Deployment> all =
            kube.client()
                .resources(Deployment.class)
                .inNamespace(kube.namespace())
                .list()
                .getItems();
        List<Deployment> shown =
            all.stream()
                .filter(
                    d ->
                        group == null
                            || group.equals(d.getSpec().getDeploymentGroupRef().getName()))
                .filter(d -> wanted == null || Phases.of(d) == wanted)
                .sorted(
                    Comparator.comparing(
                            (Deployment d) ->
                                d.getMetadata().getCreationTimestamp() == null
                                    ? ""
                                    : d.getMetadata().getCreationTimestamp())
                        .reversed()
                        .thenComparing(d -> d.getMetadata().getName()))
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        if (shown.isEmpty()) {
          out.println("No deployments in namespace " + kube.namespace() + filters() + ".");
          return;
        }
        String format = "%-28s %-16s %-10s %-9s %-9s %s%n";
        out.printf(format, "NAME", "GROUP", "PHASE", "PROGRESS", "DURATION", "ERROR");
        for (Deployment d : shown) {
          DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
          out.printf(
              format,
              d.getMetadata().getName(),
              d.getSpec().getDeploymentGroupRef().getName(),
              Phases.of(d),
              s.getProgress() == null ? "-" : s.getProgress(),
              s.getStartTime() != null && s.getCompletionTime() != null
                  ? DeploymentTree.took(s.getStartTime(), s.getCompletionTime())
                  : "-",
              s.getErrorInformation() == null ? "" : s.getErrorInformation().getCode());
        }
        out.flush();
      }
    }

    private String filters() {
      return (group == null ? "" : " of group " + group)
          + (phase == null ? "" : " in phase " + phase);
    }

    private DeploymentPhase phase(String given) {
      for (DeploymentPhase p : DeploymentPhase.values()) {
        if (p.name().toLowerCase(Locale.ROOT).equals(given.toLowerCase(Locale.ROOT))) {
          return p;
        }
      }
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--phase must be one of Created, Queued, InProgress, Succeeded, Failed, Stopped; was "
              + given);
    }
  }
}
