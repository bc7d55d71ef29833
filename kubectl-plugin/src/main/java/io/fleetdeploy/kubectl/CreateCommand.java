package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Deployment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code create deployment --group G --s3 s3://bucket/key [--bundle-type tgz]}. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Create a deployment.",
    subcommands = {CreateCommand.CreateDeployment.class})
final class CreateCommand implements Runnable {
  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "say what to create: deployment");
  }

  @Command(
      name = "deployment",
      mixinStandardHelpOptions = true,
      description =
          "Deploy a bundle in S3 to a deployment group; prints the new Deployment's name.")
  static final class CreateDeployment implements Runnable {
    @ParentCommand CreateCommand create;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--group", required = true, paramLabel = "G", description = "Deployment group.")
    String group;

    @Option(
        names = "--s3",
        required = true,
        paramLabel = "s3://BUCKET/KEY",
        description = "Bundle.")
    String s3;

    @Option(
        names = "--bundle-type",
        paramLabel = "TYPE",
        description = "zip, tar or tgz (default: from the key's extension).")
    String bundleType;

    @Option(names = "--description", description = "Free text, e.g. release 1.4.2.")
    String description;

    @Override
    public void run() {
      var revision = Revisions.s3(s3, bundleType);
      try (Kube kube = create.root.kube()) {
        kube.group(group);
        Deployment d =
            Deployments.create(
                kube,
                group,
                revision,
                description == null ? "kubectl fleetdeploy create" : description);
        spec.commandLine().getOut().println(d.getMetadata().getName());
        spec.commandLine().getOut().flush();
      }
    }
  }
}
