package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.controller.InstanceResults;
import io.fleetdeploy.fleet.aws.AwsClients;
import io.fleetdeploy.fleet.aws.AwsHostOutputReader;
import io.fleetdeploy.fleet.aws.AwsSettings;
import io.fleetdeploy.logs.HookLog;
import io.fleetdeploy.logs.HookLogReader;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code logs NAME --instance ID [--event E] [-f]}: a host's full hook output, read where the
 * group's spec.logging had SSM keep it, with the user's own AWS credentials (the default chain:
 * environment, profile, SSO, ...). With -f, reads again until the instance is done.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "An instance's full hook output (CloudWatch Logs or S3, per the group's spec.logging).")
final class LogsCommand implements Callable<Integer> {
  @ParentCommand KubectlFleetdeploy root;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "The Deployment.")
  String name;

  @Option(names = "--instance", required = true, paramLabel = "ID", description = "Instance id.")
  String instance;

  @Option(names = "--event", paramLabel = "E", description = "Only this lifecycle event's part.")
  String event;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep reading while the instance runs.")
  boolean follow;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region of the logs (default: AWS_REGION, else AWS_DEFAULT_REGION).")
  String region;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "Another endpoint for CloudWatch Logs and S3 (LocalStack, the simulator).")
  URI endpoint;

  @Override
  public Integer call() {
    String awsRegion = region != null ? region : env("AWS_REGION", "AWS_DEFAULT_REGION");
    if (awsRegion == null) {
      throw new UserError("say which AWS region the logs are in: --region, or set AWS_REGION");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Kube kube = root.kube();
        AwsClients aws = new AwsClients(AwsSettings.of(awsRegion, Optional.ofNullable(endpoint)))) {
      HookLogReader reader = new HookLogReader(new AwsHostOutputReader(aws));
      int printed = 0;
      while (true) {
        Deployment d = kube.deployment(name);
        DeploymentGroup group = kube.groupOrNull(d.getSpec().getDeploymentGroupRef().getName());
        boolean running =
            InstanceResults.find(d, instance)
                .map(
                    i ->
                        i.getStatus() == ExecutionStatus.InProgress
                            || i.getStatus() == ExecutionStatus.Pending)
                .orElse(false);
        HookLog log =
            reader.read(d, Optional.ofNullable(group), instance, Optional.ofNullable(event));
        if (log instanceof HookLog.Text text) {
          if (text.text().length() > printed) {
            out.print(text.text().substring(printed));
            out.flush();
            printed = text.text().length();
          }
        } else if (!(follow && running)) {
          throw new UserError(((HookLog.Unavailable) log).reason());
        }
        if (!follow || !running) {
          return 0;
        }
        Sleep.of(Duration.ofSeconds(2));
      }
    }
  }

  private static String env(String... names) {
    for (String n : names) {
      String v = System.getenv(n);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
