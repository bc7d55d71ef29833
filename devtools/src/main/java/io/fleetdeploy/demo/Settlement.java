package io.fleetdeploy.demo;

import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.ApplicationGroupSummary;
import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.appspec.ClosestName;
import io.fleetdeploy.controller.deployment.DeploymentReconciler;
import io.fleetdeploy.simulator.InstanceInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether everything applied so far has settled, and if not, what is still moving: a Deployment not
 * finished (the operator's own included), a group that has not reconciled its latest generation or
 * is still progressing or neither Ready nor done for now, an Application that has not caught up
 * with its groups, an Auto Scaling launch not in service yet. A group is done for now when it is
 * Ready, or when nothing runs or waits for it and it is Degraded or its last declared Deployment
 * failed or was stopped: it does not move again until a person declares or retries something. Apart
 * from that, what can never start without a person ({@link #blocked}) ends the wait at once.
 */
final class Settlement {
  private static final Set<String> GONE = Set.of("shutting-down", "terminated");

  /** The Ready reason of a Deployment whose group does not exist (DeploymentReconciler). */
  private Settlement() {}

  /**
   * What is still moving; empty when settled.
   *
   * @param autoScalingMembers the instances of demo-asg as the simulator sees them
   * @param autoScalingDesired the capacity demo-asg was asked for
   * @param launchesMatter false once a Deployment failed: a failed launch is replaced and held
   *     forever, and waiting for it would only turn a failure into a timeout
   */
  static List<String> pending(
      ClusterSnapshot snapshot,
      List<InstanceInfo> autoScalingMembers,
      int autoScalingDesired,
      boolean launchesMatter) {
    List<String> pending = new ArrayList<>();
    for (Deployment d : snapshot.deployments()) {
      if (!DeploymentFacts.finished(d)) {
        pending.add(
            "Deployment "
                + DeploymentFacts.key(d)
                + " is "
                + DeploymentFacts.phase(d).map(Enum::name).orElse("not started yet"));
      }
    }
    for (DeploymentGroup g : snapshot.groups()) {
      group(g, snapshot.deployments()).ifPresent(pending::add);
    }
    for (Application a : snapshot.applications()) {
      application(a, snapshot.groups()).ifPresent(pending::add);
    }
    if (launchesMatter) {
      List<InstanceInfo> members =
          autoScalingMembers.stream().filter(i -> !GONE.contains(i.state())).toList();
      if (members.size() < autoScalingDesired) {
        pending.add(
            DemoFleet.AUTO_SCALING_GROUP
                + " is launching ("
                + members.size()
                + " of "
                + autoScalingDesired
                + " instances)");
      }
      members.stream()
          .filter(i -> !"InService".equals(i.lifecycleState()))
          .forEach(
              i ->
                  pending.add(
                      "instance "
                          + i.id()
                          + " of "
                          + DemoFleet.AUTO_SCALING_GROUP
                          + " is "
                          + i.lifecycleState()));
    }
    return pending;
  }

  private static Optional<String> group(DeploymentGroup g, List<Deployment> deployments) {
    String name = "DeploymentGroup " + g.getMetadata().getName();
    if (g.getStatus() == null
        || !Objects.equals(
            g.getStatus().getObservedGeneration(), g.getMetadata().getGeneration())) {
      return Optional.of(
          name + " has not reconciled generation " + g.getMetadata().getGeneration() + " yet");
    }
    List<Condition> conditions = g.getStatus().getConditions();
    Optional<Condition> progressing = condition(conditions, "Progressing");
    if (progressing.isPresent() && "True".equals(progressing.get().getStatus())) {
      return Optional.of(name + " is progressing: " + progressing.get().getMessage());
    }
    Optional<Condition> ready = condition(conditions, "Ready");
    if (ready.isPresent() && "True".equals(ready.get().getStatus())) {
      return Optional.empty();
    }
    List<Deployment> mine = deployments.stream().filter(d -> belongsTo(d, g)).toList();
    boolean idle = mine.stream().allMatch(DeploymentFacts::finished);
    boolean degraded =
        condition(conditions, "Degraded").map(c -> "True".equals(c.getStatus())).orElse(false);
    if (idle
        && (degraded || lastDeclared(mine).map(d -> !DeploymentFacts.succeeded(d)).orElse(false))) {
      return Optional.empty();
    }
    return Optional.of(
        name
            + " is not ready"
            + ready.map(c -> " (" + c.getReason() + ": " + c.getMessage() + ")").orElse(""));
  }

  /**
   * The Deployment the group created last for its declared revision. Creation times have whole
   * seconds; a tie is between a superseded rollout and its successor, which finishes after it.
   */
  private static Optional<Deployment> lastDeclared(List<Deployment> mine) {
    return mine.stream()
        .filter(d -> "deploymentGroup".equals(DeploymentFacts.creator(d)))
        .max(
            Comparator.comparing(
                    (Deployment d) -> Objects.toString(d.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(
                    d ->
                        d.getStatus() == null
                            ? ""
                            : Objects.toString(d.getStatus().getCompletionTime(), "")));
  }

  /**
   * Deployments that cannot start until a person acts, each with the reason its Ready condition
   * gives: a Deployment of a group that does not exist (the demo would wait for it forever).
   */
  static List<String> blocked(ClusterSnapshot snapshot) {
    List<String> blocked = new ArrayList<>();
    for (Deployment d : snapshot.deployments()) {
      if (DeploymentFacts.finished(d)
          || d.getSpec() == null
          || d.getSpec().getDeploymentGroupRef() == null) {
        continue;
      }
      String groupName = d.getSpec().getDeploymentGroupRef().getName();
      Optional<Condition> ready =
          condition(d.getStatus() == null ? null : d.getStatus().getConditions(), "Ready")
              .filter(c -> DeploymentReconciler.GROUP_NOT_FOUND.equals(c.getReason()));
      // The operator's cache may lag behind the API server: believe it only while the group is
      // absent here too.
      boolean groupAbsent =
          snapshot.groups().stream()
              .noneMatch(
                  g ->
                      g.getMetadata().getName().equals(groupName)
                          && Objects.equals(
                              g.getMetadata().getNamespace(), d.getMetadata().getNamespace()));
      if (ready.isPresent() && groupAbsent) {
        blocked.add(
            "Deployment "
                + DeploymentFacts.key(d)
                + " cannot start: "
                + ready.get().getReason()
                + ": "
                + ready.get().getMessage()
                + ClosestName.among(
                        snapshot.groups().stream()
                            .filter(
                                g ->
                                    Objects.equals(
                                        g.getMetadata().getNamespace(),
                                        d.getMetadata().getNamespace()))
                            .map(g -> g.getMetadata().getName())
                            .toList(),
                        groupName)
                    .map(n -> " (did you mean " + n + "?)")
                    .orElse(""));
      }
    }
    return blocked;
  }

  private static boolean belongsTo(Deployment d, DeploymentGroup g) {
    return d.getSpec() != null
        && d.getSpec().getDeploymentGroupRef() != null
        && g.getMetadata().getName().equals(d.getSpec().getDeploymentGroupRef().getName())
        && Objects.equals(g.getMetadata().getNamespace(), d.getMetadata().getNamespace());
  }

  private static Optional<String> application(Application a, List<DeploymentGroup> groups) {
    String name = "Application " + a.getMetadata().getName();
    if (a.getStatus() == null
        || !Objects.equals(
            a.getStatus().getObservedGeneration(), a.getMetadata().getGeneration())) {
      return Optional.of(
          name + " has not reconciled generation " + a.getMetadata().getGeneration() + " yet");
    }
    List<ApplicationGroupSummary> summaries =
        a.getStatus().getDeploymentGroups() == null
            ? List.of()
            : a.getStatus().getDeploymentGroups();
    for (DeploymentGroup g : groups) {
      if (!Objects.equals(g.getMetadata().getNamespace(), a.getMetadata().getNamespace())
          || g.getSpec() == null
          || g.getSpec().getApplicationRef() == null
          || !a.getMetadata().getName().equals(g.getSpec().getApplicationRef().getName())) {
        continue;
      }
      String revision =
          g.getStatus() == null || g.getStatus().getLastSuccessfulRevision() == null
              ? null
              : g.getStatus().getLastSuccessfulRevision().getSummary();
      boolean caughtUp =
          summaries.stream()
              .anyMatch(
                  s ->
                      g.getMetadata().getName().equals(s.getName())
                          && Objects.equals(revision, s.getRevision())
                          && Boolean.valueOf(ready(g)).equals(s.getReady()));
      if (!caughtUp) {
        return Optional.of(
            name + " has not caught up with DeploymentGroup " + g.getMetadata().getName());
      }
    }
    return Optional.empty();
  }

  static boolean ready(DeploymentGroup g) {
    return g.getStatus() != null
        && condition(g.getStatus().getConditions(), "Ready")
            .map(c -> "True".equals(c.getStatus()))
            .orElse(false);
  }

  static Optional<Condition> condition(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
