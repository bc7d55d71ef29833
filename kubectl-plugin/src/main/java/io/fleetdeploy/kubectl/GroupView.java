package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupSpec;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.TagFilter;
import io.fleetdeploy.controller.GroupInventory;
import java.util.List;
import java.util.stream.Collectors;

/** A DeploymentGroup in words: what it targets, runs and declares, its inventory and health. */
final class GroupView {
  private GroupView() {}

  static String render(DeploymentGroup g) {
    StringBuilder out = new StringBuilder();
    DeploymentGroupSpec spec = g.getSpec();
    DeploymentGroupStatus s = g.getStatus() == null ? new DeploymentGroupStatus() : g.getStatus();
    out.append("DeploymentGroup ")
        .append(g.getMetadata().getNamespace())
        .append('/')
        .append(g.getMetadata().getName())
        .append('\n');
    line(
        out,
        "application",
        spec.getApplicationRef() == null ? "-" : spec.getApplicationRef().getName());
    line(out, "targets", targets(spec));
    line(
        out,
        "config",
        spec.getDeploymentConfig() == null
            ? "OneAtATime"
            : spec.getDeploymentConfig().getName() != null
                ? spec.getDeploymentConfig().getName().name()
                : "minimum healthy "
                    + spec.getDeploymentConfig().getMinimumHealthyHosts().getValue()
                    + " "
                    + spec.getDeploymentConfig().getMinimumHealthyHosts().getType());
    if (spec.getRevision() != null) {
      line(out, "declared", Revisions.describe(spec.getRevision()));
    }
    line(
        out,
        "running",
        pinned(s.getLastSuccessfulRevision()) + deployment(s.getLastSuccessfulDeployment()));
    if (s.getTargetRevision() != null) {
      line(out, "converging", pinned(s.getTargetRevision()));
    }
    if (s.getActiveDeployment() != null) {
      line(out, "active", s.getActiveDeployment());
    }
    if (spec.getLogging() != null) {
      line(out, "logging", logging(g));
    }
    List<Condition> conditions = s.getConditions() == null ? List.of() : s.getConditions();
    for (Condition c : conditions) {
      line(
          out,
          "condition",
          c.getType()
              + "="
              + c.getStatus()
              + (c.getReason() == null ? "" : " " + c.getReason())
              + (c.getMessage() == null ? "" : ": " + c.getMessage()));
    }
    List<LifecycleHookStatus> hooks =
        s.getLifecycleHooks() == null ? List.of() : s.getLifecycleHooks();
    for (LifecycleHookStatus h : hooks) {
      line(out, "hook", h.getAutoScalingGroup() + " " + h.getName() + " " + h.getState());
    }
    List<InstanceInventoryEntry> inventory = GroupInventory.of(s);
    out.append("  instances ")
        .append(s.getInstanceCount() == null ? inventory.size() : s.getInstanceCount())
        .append('\n');
    for (InstanceInventoryEntry i : inventory) {
      out.append("    ")
          .append(String.format("%-20s", i.getId()))
          .append(' ')
          .append(String.format("%-12s", i.getAz() == null ? "-" : i.getAz()))
          .append(' ')
          .append(String.format("%-10s", i.getHealth() == null ? "-" : i.getHealth()))
          .append(' ')
          .append(i.getRevision() == null || i.getRevision().isEmpty() ? "-" : i.getRevision())
          .append('\n');
    }
    return out.toString();
  }

  private static String logging(DeploymentGroup g) {
    var output = io.fleetdeploy.logs.GroupLogging.of(g);
    String cw = output.cloudWatchLogGroup().map(l -> "CloudWatch Logs " + l).orElse(null);
    String s3 =
        output
            .s3Bucket()
            .map(b -> "s3://" + b + "/" + output.s3KeyPrefix().orElse(""))
            .orElse(null);
    return java.util.stream.Stream.of(cw, s3)
        .filter(java.util.Objects::nonNull)
        .collect(Collectors.joining(", "));
  }

  private static String targets(DeploymentGroupSpec spec) {
    if (spec.getTargets() == null) {
      return "-";
    }
    var t = spec.getTargets();
    StringBuilder out = new StringBuilder();
    if (t.getEc2TagFilters() != null && !t.getEc2TagFilters().isEmpty()) {
      out.append("ec2 ").append(tags(t.getEc2TagFilters()));
    }
    if (t.getAutoScalingGroups() != null && !t.getAutoScalingGroups().isEmpty()) {
      out.append(out.isEmpty() ? "" : "; ")
          .append("asg ")
          .append(String.join(", ", t.getAutoScalingGroups()));
    }
    if (t.getOnPremisesTagFilters() != null && !t.getOnPremisesTagFilters().isEmpty()) {
      out.append(out.isEmpty() ? "" : "; ")
          .append("on-premises ")
          .append(tags(t.getOnPremisesTagFilters()));
    }
    return out.isEmpty() ? "-" : out.toString();
  }

  private static String tags(List<TagFilter> filters) {
    return filters.stream()
        .map(f -> f.getKey() + "=" + (f.getValue() == null ? "*" : f.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String pinned(PinnedRevision r) {
    if (r == null) {
      return "-";
    }
    return r.getSummary() != null
        ? r.getSummary()
        : r.getSha256() == null
            ? "?"
            : r.getSha256().substring(0, Math.min(12, r.getSha256().length()));
  }

  private static String deployment(String name) {
    return name == null ? "" : " (deployment " + name + ")";
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append("  ").append(String.format("%-11s", label)).append(' ').append(value).append('\n');
  }
}
