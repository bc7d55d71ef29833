package io.fleetdeploy.demo;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.simulator.InstanceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tables the demo ends with: every Deployment (name, creator, revision, phase, instances
 * succeeded of total, duration) and every instance of the fleet (where it comes from, the revision
 * and status of the last Deployment that ran on it, how long that took). A Deployment that skipped
 * an instance (it failed or stopped before reaching it) changed nothing there, so the instance
 * still runs what an earlier one installed.
 */
final class DemoSummary {
  private DemoSummary() {}

  static List<String> render(DemoResult result, List<InstanceInfo> fleet) {
    List<String> lines = new ArrayList<>();
    List<Deployment> deployments = List.copyOf(result.log().deployments());
    TextTable table =
        new TextTable("DEPLOYMENT", "CREATOR", "REVISION", "PHASE", "INSTANCES", "DURATION");
    for (Deployment d : deployments) {
      table.row(
          DeploymentFacts.key(d),
          DeploymentFacts.creator(d),
          DeploymentFacts.revision(d),
          DeploymentFacts.phase(d).map(Enum::name).orElse("-"),
          DeploymentFacts.count(d, ExecutionStatus.Succeeded) + "/" + DeploymentFacts.total(d),
          result.log().deploymentDuration(d).map(DeploymentFacts::format).orElse("-"));
    }
    lines.addAll(table.lines());
    lines.add("");
    TextTable instances =
        new TextTable("INSTANCE", "FROM", "REVISION", "STATUS", "DURATION", "LAST DEPLOYMENT");
    for (InstanceInfo instance : fleet) {
      String from =
          instance.autoScalingGroup() != null
              ? instance.autoScalingGroup()
              : DemoFleet.TAG_KEY + "=" + instance.tags().get(DemoFleet.TAG_KEY);
      if (!"running".equals(instance.state())) {
        from += " (" + instance.state() + ")";
      }
      Deployment last = null;
      InstanceStatus status = null;
      for (Deployment d : deployments) {
        for (InstanceStatus i : DeploymentFacts.instances(d)) {
          if (instance.id().equals(i.getId())
              && i.getStatus() != ExecutionStatus.Pending
              && i.getStatus() != ExecutionStatus.Skipped) {
            last = d;
            status = i;
          }
        }
      }
      if (last == null) {
        instances.row(instance.id(), from, "-", "not deployed", "-", "-");
      } else {
        instances.row(
            instance.id(),
            from,
            DeploymentFacts.revision(last),
            Objects.toString(status.getStatus(), "-"),
            result
                .log()
                .instanceDuration(DeploymentFacts.key(last), status)
                .map(DeploymentFacts::format)
                .orElse("-"),
            DeploymentFacts.key(last));
      }
    }
    lines.addAll(instances.lines());
    return lines;
  }
}
