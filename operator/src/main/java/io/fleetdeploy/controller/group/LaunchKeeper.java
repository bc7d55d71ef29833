package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.InstanceResults;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.controller.PinnedRevisions;
import io.fleetdeploy.fleet.LifecycleHooks.Result;
import io.fleetdeploy.fleet.LifecycleHooks.Transition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves instances Auto Scaling launches: each one waiting in the group's launch hook gets a
 * Deployment (creator autoscaling) of the revision being rolled out once it has succeeded on a
 * whole batch, else of the last successful revision; heartbeats keep it waiting meanwhile; it is
 * let into service (CONTINUE) when the deployment succeeds and given up (ABANDON) when it fails. A
 * launch deployment is never rolled back. After too many failed launches in a row the group is
 * Degraded and launches are no longer deployed and abandoned (that only feeds a launch/terminate
 * loop); the instances stay held, with heartbeats, as long as Auto Scaling allows (100 times the
 * heartbeat timeout, at most 48 hours), or with the break-glass {@code continueWhenDegraded} go
 * into service as they are.
 */
final class LaunchKeeper {
  static final int DEFAULT_MAX_FAILURES = 3;

  private final HeldInstances held;
  private final GroupDeploymentFactory factory;

  LaunchKeeper(HeldInstances held, GroupDeploymentFactory factory) {
    this.held = held;
    this.factory = factory;
  }

  /** What launches look like now, for the group's status and conditions. */
  record LaunchState(int consecutiveFailures, boolean degraded, List<HeldInstances.Held> held) {
    int waiting() {
      return held.size();
    }
  }

  LaunchState reconcile(
      DeploymentGroup group,
      GroupDeployments mine,
      List<LifecycleHookStatus> hookStatus,
      PinnedRevision lastSuccessful,
      GroupEvents events) {
    int failures = consecutiveFailures(mine);
    boolean degraded = failures >= maxFailures(group);
    List<HeldInstances.Held> waiting = held.waiting(hookStatus, Transition.LAUNCHING);
    java.util.Set<String> released = new java.util.HashSet<>();
    for (HeldInstances.Held instance : waiting) {
      if (serve(group, mine, instance, lastSuccessful, degraded, events)) {
        released.add(instance.instance().instanceId());
      }
    }
    return new LaunchState(
        failures,
        degraded,
        waiting.stream().filter(h -> !released.contains(h.instance().instanceId())).toList());
  }

  /** Serves one waiting instance; true when it was let go (continued or abandoned). */
  private boolean serve(
      DeploymentGroup group,
      GroupDeployments mine,
      HeldInstances.Held instance,
      PinnedRevision lastSuccessful,
      boolean degraded,
      GroupEvents events) {
    String asg = instance.hook().getAutoScalingGroup();
    String id = instance.instance().instanceId();
    String name = launchName(group, id);
    Optional<Deployment> launch =
        mine.all().stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst();
    if (launch.isPresent() && GroupDeployments.finished(launch.get())) {
      boolean succeeded = launch.get().getStatus().getPhase() == DeploymentPhase.Succeeded;
      Result result = succeeded ? Result.CONTINUE : Result.ABANDON;
      held.complete(instance, result);
      events.add(
          succeeded ? EventReason.LaunchCompleted : EventReason.LaunchAbandoned,
          id
              + " in "
              + asg
              + ": Deployment "
              + name
              + " "
              + launch.get().getStatus().getPhase()
              + ", lifecycle action "
              + result);
      return true;
    }
    if (launch.isPresent()) {
      held.keep(group, instance);
      return false;
    }
    if (degraded) {
      if (Boolean.TRUE.equals(
          group.getSpec().getAutoScaling() == null
              ? null
              : group.getSpec().getAutoScaling().getContinueWhenDegraded())) {
        held.complete(instance, Result.CONTINUE);
        events.add(
            EventReason.LaunchCompleted,
            id
                + " in "
                + asg
                + " let into service without a deployment (continueWhenDegraded): launches keep failing");
        return true;
      }
      // Otherwise keep it held: abandoning it would only launch another that fails the same way.
      held.keep(group, instance);
      return false;
    }
    Optional<Choice> choice = choose(mine, lastSuccessful);
    if (choice.isEmpty()) {
      held.complete(instance, Result.CONTINUE);
      events.add(
          EventReason.LaunchCompleted,
          id + " in " + asg + " let into service: the group has deployed nothing yet");
      return true;
    }
    boolean created =
        factory.create(
            group,
            name,
            "autoscaling",
            choice.get().revision(),
            List.of(id),
            "Launch of " + id + " in " + asg + ": " + choice.get().why(),
            Map.of(
                Labels.AUTO_SCALING_GROUP, asg, Labels.LIFECYCLE_HOOK, instance.hook().getName()));
    held.keep(group, instance);
    if (created) {
      events.add(
          EventReason.LaunchDeploymentStarted,
          "Deploying to " + id + " launched in " + asg + ": " + choice.get().why());
    }
    return false;
  }

  /** Which revision a new instance gets, and why (the launch Deployment's description says it). */
  record Choice(Revision revision, String why) {}

  static Optional<Choice> choose(GroupDeployments mine, PinnedRevision lastSuccessful) {
    Optional<Deployment> active = mine.active();
    if (active.isPresent() && provenOnABatch(active.get())) {
      PinnedRevision rolling = active.get().getStatus().getRevision();
      return Optional.of(
          new Choice(
              PinnedRevisions.asDeclared(rolling),
              "the revision being rolled out by "
                  + active.get().getMetadata().getName()
                  + " ("
                  + rolling.getSummary()
                  + "), proven on a batch"));
    }
    if (lastSuccessful != null) {
      return Optional.of(
          new Choice(
              PinnedRevisions.asDeclared(lastSuccessful),
              "the last successful revision ("
                  + lastSuccessful.getSummary()
                  + ")"
                  + active
                      .map(
                          a ->
                              "; "
                                  + a.getMetadata().getName()
                                  + " has not yet succeeded on a whole batch")
                      .orElse("")));
    }
    return Optional.empty();
  }

  /** A whole batch finished with every instance succeeded. */
  static boolean provenOnABatch(Deployment rollout) {
    List<BatchStatus> batches = rollout.getStatus().getBatches();
    List<io.fleetdeploy.api.v1alpha1.InstanceStatus> instances = InstanceResults.of(rollout);
    if (batches == null || instances.isEmpty()) {
      return false;
    }
    for (BatchStatus batch : batches) {
      if (batch.getEndTime() == null) {
        continue;
      }
      boolean allSucceeded =
          instances.stream()
              .filter(i -> Objects.equals(i.getBatch(), batch.getNumber()))
              .allMatch(i -> i.getStatus() == ExecutionStatus.Succeeded);
      if (allSucceeded) {
        return true;
      }
    }
    return false;
  }

  /** Failed launches since the last successful one (or the last successful group rollout). */
  static int consecutiveFailures(GroupDeployments mine) {
    String since = mine.lastSucceeded().map(d -> d.getStatus().getCompletionTime()).orElse("");
    List<Deployment> launches =
        mine.all().stream()
            .filter(GroupDeployments::launch)
            .filter(GroupDeployments::finished)
            .filter(
                d -> Objects.toString(d.getStatus().getCompletionTime(), "").compareTo(since) >= 0)
            .sorted(GroupDeployments.BY_COMPLETION.reversed())
            .toList();
    int count = 0;
    for (Deployment d : launches) {
      if (d.getStatus().getPhase() == DeploymentPhase.Succeeded) {
        break;
      }
      count++;
    }
    return count;
  }

  static int maxFailures(DeploymentGroup group) {
    var spec = group.getSpec().getAutoScaling();
    return spec == null || spec.getMaxConsecutiveLaunchFailures() == null
        ? DEFAULT_MAX_FAILURES
        : spec.getMaxConsecutiveLaunchFailures();
  }

  static String launchName(DeploymentGroup group, String instanceId) {
    return GroupDeploymentFactory.name(group.getMetadata().getName(), "launch-" + instanceId);
  }
}
