package io.fleetdeploy.demo;

import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.ApplicationGroupSummary;
import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.simulator.InstanceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether everything applied so far has settled, and if not, what is still moving: a Deployment not
 * finished (the operator's own included), a group that has not reconciled its latest generation or
 * is still progressing or neither Ready nor Degraded, an Application that has not caught up with its
 * groups, an Auto Scaling launch not in service yet.
 */
final class Settlement {
  private static final Set<String> GONE = Set.of("shutting-down", "terminated");

  private Settlement() {}

  /**
   * What is still moving; empty when settled.
   *
   * @param autoScalingMembers the instances of demo-asg as the simulator sees them
   * @param autoScalingDesired the capacity demo-asg was asked for
   * @param launchesMatter false once a Deployment failed: a failed launch is replaced and held
   *     forever, and waiting for it would only turn a failure into a timeout
   */
  static List<String> pending(ClusterSnapshot snapshot, List<InstanceInfo> autoScalingMembers, int autoScalingDesired,
      boolean launchesMatter) {
    List<String> pending = new ArrayList<>();
    for (Deployment d : snapshot.deployments()) {
      if (!DeploymentFacts.finished(d)) {
        pending.add("Deployment " + DeploymentFacts.key(d) + " is "
            + DeploymentFacts.phase(d).map(Enum::name).orElse("not started yet"));
      }
    }
    for (DeploymentGroup g : snapshot.groups()) {
      group(g).ifPresent(pending::add);
    }
    for (Application a : snapshot.applications()) {
      application(a, snapshot.groups()).ifPresent(pending::add);
    }
    if (launchesMatter) {
      List<InstanceInfo> members = autoScalingMembers.stream().filter(i -> !GONE.contains(i.state())).toList();
      if (members.size() < autoScalingDesired) {
        pending.add(DemoFleet.AUTO_SCALING_GROUP + " is launching (" + members.size() + " of " + autoScalingDesired
            + " instances)");
      }
      members.stream().filter(i -> !"InService".equals(i.lifecycleState()))
          .forEach(i -> pending.add("instance " + i.id() + " of " + DemoFleet.AUTO_SCALING_GROUP + " is "
              + i.lifecycleState()));
    }
    return pending;
  }

  private static Optional<String> group(DeploymentGroup g) {
    String name = "DeploymentGroup " + g.getMetadata().getName();
    if (g.getStatus() == null || !Objects.equals(g.getStatus().getObservedGeneration(), g.getMetadata().getGeneration())) {
      return Optional.of(name + " has not reconciled generation " + g.getMetadata().getGeneration() + " yet");
    }
    List<Condition> conditions = g.getStatus().getConditions();
    Optional<Condition> progressing = condition(conditions, "Progressing");
    if (progressing.isPresent() && "True".equals(progressing.get().getStatus())) {
      return Optional.of(name + " is progressing: " + progressing.get().getMessage());
    }
    Optional<Condition> ready = condition(conditions, "Ready");
    boolean isReady = ready.isPresent() && "True".equals(ready.get().getStatus());
    boolean degraded = condition(conditions, "Degraded").map(c -> "True".equals(c.getStatus())).orElse(false);
    if (!isReady && !degraded) {
      return Optional.of(name + " is not ready" + ready.map(c -> " (" + c.getReason() + ": " + c.getMessage() + ")")
          .orElse(""));
    }
    return Optional.empty();
  }

  private static Optional<String> application(Application a, List<DeploymentGroup> groups) {
    String name = "Application " + a.getMetadata().getName();
    if (a.getStatus() == null || !Objects.equals(a.getStatus().getObservedGeneration(), a.getMetadata().getGeneration())) {
      return Optional.of(name + " has not reconciled generation " + a.getMetadata().getGeneration() + " yet");
    }
    List<ApplicationGroupSummary> summaries = a.getStatus().getDeploymentGroups() == null ? List.of()
        : a.getStatus().getDeploymentGroups();
    for (DeploymentGroup g : groups) {
      if (!Objects.equals(g.getMetadata().getNamespace(), a.getMetadata().getNamespace())
          || g.getSpec() == null || g.getSpec().getApplicationRef() == null
          || !a.getMetadata().getName().equals(g.getSpec().getApplicationRef().getName())) {
        continue;
      }
      String revision = g.getStatus() == null || g.getStatus().getLastSuccessfulRevision() == null ? null
          : g.getStatus().getLastSuccessfulRevision().getSummary();
      boolean caughtUp = summaries.stream().anyMatch(s -> g.getMetadata().getName().equals(s.getName())
          && Objects.equals(revision, s.getRevision()) && Boolean.valueOf(ready(g)).equals(s.getReady()));
      if (!caughtUp) {
        return Optional.of(name + " has not caught up with DeploymentGroup " + g.getMetadata().getName());
      }
    }
    return Optional.empty();
  }

  static boolean ready(DeploymentGroup g) {
    return g.getStatus() != null && condition(g.getStatus().getConditions(), "Ready")
        .map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty() : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
