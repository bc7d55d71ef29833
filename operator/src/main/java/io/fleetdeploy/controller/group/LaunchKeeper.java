package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.api.v1alpha1.S3Location;
import io.fleetdeploy.api.v1alpha1.UrlLocation;
import io.fleetdeploy.controller.EventReason;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.controller.StatusCopy;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.LifecycleHooks.Result;
import io.fleetdeploy.fleet.LifecycleHooks.Transition;
import io.fleetdeploy.fleet.LifecycleHooks.WaitingInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves instances Auto Scaling launches: each one waiting in the group's launch hook gets a
 * Deployment (creator autoscaling) of the revision being rolled out once it has succeeded on a
 * whole batch, else of the last successful revision; heartbeats keep it waiting meanwhile; it is
 * let into service (CONTINUE) when the deployment succeeds and given up (ABANDON) when it fails.
 * After too many failed launches in a row the group is Degraded and launches are no longer
 * deployed and abandoned (that only feeds a launch/terminate loop); the instances wait, or with the
 * break-glass {@code continueWhenDegraded} go into service as they are.
 */
final class LaunchKeeper {
  static final int DEFAULT_MAX_FAILURES = 3;

  private final LifecycleHooks hooks;
  private final GroupDeploymentFactory factory;
  private final Clock clock;
  private final Map<String, Instant> lastHeartbeat = new ConcurrentHashMap<>();

  LaunchKeeper(LifecycleHooks hooks, GroupDeploymentFactory factory, Clock clock) {
    this.hooks = hooks;
    this.factory = factory;
    this.clock = clock;
  }

  /** What launches look like now, for the group's status and conditions. */
  record LaunchState(int consecutiveFailures, boolean degraded, int waiting) {}

  LaunchState reconcile(DeploymentGroup group, GroupDeployments mine, List<LifecycleHookStatus> hookStatus,
      PinnedRevision lastSuccessful, GroupEvents events) {
    int failures = consecutiveFailures(mine);
    int max = maxFailures(group);
    boolean degraded = failures >= max;
    int waitingCount = 0;
    for (LifecycleHookStatus hook : hookStatus) {
      if (!"Launching".equals(hook.getTransition()) || !ours(hook)) {
        continue;
      }
      List<WaitingInstance> waiting;
      try {
        waiting = hooks.waiting(hook.getAutoScalingGroup());
      } catch (FleetException e) {
        if (e.error().retryable()) {
          throw e;
        }
        continue;
      }
      for (WaitingInstance instance : waiting) {
        if (instance.transition() != Transition.LAUNCHING) {
          continue;
        }
        waitingCount++;
        serve(group, mine, hook, instance, lastSuccessful, degraded, events);
      }
    }
    return new LaunchState(failures, degraded, waitingCount);
  }

  private void serve(DeploymentGroup group, GroupDeployments mine, LifecycleHookStatus hook, WaitingInstance instance,
      PinnedRevision lastSuccessful, boolean degraded, GroupEvents events) {
    String asg = hook.getAutoScalingGroup();
    String name = launchName(group, instance.instanceId());
    Optional<Deployment> launch = mine.all().stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst();
    if (launch.isPresent() && GroupDeployments.finished(launch.get())) {
      boolean succeeded = launch.get().getStatus().getPhase() == DeploymentPhase.Succeeded;
      Result result = succeeded ? Result.CONTINUE : Result.ABANDON;
      complete(asg, hook.getName(), instance.instanceId(), result);
      events.add(succeeded ? EventReason.LaunchCompleted : EventReason.LaunchAbandoned, instance.instanceId()
          + " in " + asg + ": Deployment " + name + " " + launch.get().getStatus().getPhase() + ", lifecycle action "
          + result);
      return;
    }
    if (launch.isPresent()) {
      heartbeatIfDue(group, asg, hook.getName(), instance.instanceId());
      return;
    }
    if (degraded) {
      if (Boolean.TRUE.equals(group.getSpec().getAutoScaling() == null ? null
          : group.getSpec().getAutoScaling().getContinueWhenDegraded())) {
        complete(asg, hook.getName(), instance.instanceId(), Result.CONTINUE);
        events.add(EventReason.LaunchCompleted, instance.instanceId() + " in " + asg
            + " let into service without a deployment (continueWhenDegraded): launches keep failing");
      }
      // Otherwise leave it waiting: abandoning it would only launch another that fails the same way.
      return;
    }
    Optional<Choice> choice = choose(mine, lastSuccessful);
    if (choice.isEmpty()) {
      complete(asg, hook.getName(), instance.instanceId(), Result.CONTINUE);
      events.add(EventReason.LaunchCompleted, instance.instanceId() + " in " + asg
          + " let into service: the group has deployed nothing yet");
      return;
    }
    boolean created = factory.create(group, name, "autoscaling", choice.get().revision(), List.of(instance.instanceId()),
        "Launch of " + instance.instanceId() + " in " + asg + ": " + choice.get().why(),
        Map.of(Labels.AUTO_SCALING_GROUP, asg, Labels.LIFECYCLE_HOOK, hook.getName()));
    if (created) {
      heartbeatIfDue(group, asg, hook.getName(), instance.instanceId());
      events.add(EventReason.LaunchDeploymentStarted, "Deploying to " + instance.instanceId() + " launched in " + asg
          + ": " + choice.get().why());
    }
  }

  /** Which revision a new instance gets, and why (the launch Deployment's description says it). */
  record Choice(Revision revision, String why) {}

  static Optional<Choice> choose(GroupDeployments mine, PinnedRevision lastSuccessful) {
    Optional<Deployment> active = mine.active();
    if (active.isPresent() && provenOnABatch(active.get())) {
      PinnedRevision rolling = active.get().getStatus().getRevision();
      return Optional.of(new Choice(declared(rolling), "the revision being rolled out by "
          + active.get().getMetadata().getName() + " (" + rolling.getSummary() + "), proven on a batch"));
    }
    if (lastSuccessful != null) {
      return Optional.of(new Choice(declared(lastSuccessful), "the last successful revision ("
          + lastSuccessful.getSummary() + ")" + active.map(a -> "; " + a.getMetadata().getName()
              + " has not yet succeeded on a whole batch").orElse("")));
    }
    return Optional.empty();
  }

  /** A whole batch finished with every instance succeeded. */
  static boolean provenOnABatch(Deployment rollout) {
    List<BatchStatus> batches = rollout.getStatus().getBatches();
    if (batches == null || rollout.getStatus().getInstances() == null) {
      return false;
    }
    for (BatchStatus batch : batches) {
      if (batch.getEndTime() == null) {
        continue;
      }
      boolean allSucceeded = rollout.getStatus().getInstances().stream()
          .filter(i -> Objects.equals(i.getBatch(), batch.getNumber()))
          .allMatch(i -> i.getStatus() == ExecutionStatus.Succeeded);
      if (allSucceeded) {
        return true;
      }
    }
    return false;
  }

  /** A pinned revision as a declaration of exactly those bytes. */
  static Revision declared(PinnedRevision pinned) {
    Revision revision = new Revision();
    if (pinned.getS3() != null) {
      S3Location s3 = StatusCopy.of(pinned.getS3(), S3Location.class);
      if (pinned.getResolvedVersion() != null) {
        s3.setVersion(pinned.getResolvedVersion());
      }
      s3.setSha256(pinned.getSha256());
      revision.setS3(s3);
    } else {
      UrlLocation url = StatusCopy.of(pinned.getUrl(), UrlLocation.class);
      url.setSha256(pinned.getSha256());
      revision.setUrl(url);
    }
    return revision;
  }

  /** Failed launches since the last successful one (or the last successful group rollout). */
  static int consecutiveFailures(GroupDeployments mine) {
    String since = mine.lastSucceeded().map(d -> d.getStatus().getCompletionTime()).orElse("");
    List<Deployment> launches = mine.all().stream().filter(GroupDeployments::launch).filter(GroupDeployments::finished)
        .filter(d -> Objects.toString(d.getStatus().getCompletionTime(), "").compareTo(since) >= 0)
        .sorted(GroupDeployments.BY_COMPLETION.reversed()).toList();
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
    return spec == null || spec.getMaxConsecutiveLaunchFailures() == null ? DEFAULT_MAX_FAILURES
        : spec.getMaxConsecutiveLaunchFailures();
  }

  /** Lets every instance the group's hooks hold go (the group is being deleted). */
  void releaseAll(DeploymentGroup group, List<String> autoScalingGroups) {
    for (String asg : autoScalingGroups) {
      List<WaitingInstance> waiting;
      try {
        waiting = hooks.waiting(asg);
      } catch (FleetException e) {
        continue;
      }
      for (WaitingInstance w : waiting) {
        complete(asg, HookNames.of(group, w.transition()), w.instanceId(), Result.CONTINUE);
      }
    }
  }

  private void heartbeatIfDue(DeploymentGroup group, String asg, String hookName, String instanceId) {
    Duration timeout = LifecycleHookKeeper.desired(group, asg, Transition.LAUNCHING)
        .map(LifecycleHooks.Hook::heartbeatTimeout).orElse(Duration.ofSeconds(LifecycleHookKeeper.DEFAULT_HEARTBEAT_SECONDS));
    Instant now = clock.instant();
    Instant last = lastHeartbeat.get(instanceId);
    // A third of the timeout: two heartbeats may be missed (operator restart, throttling) safely.
    if (last == null || !last.plus(timeout.dividedBy(3)).isAfter(now)) {
      hooks.heartbeat(asg, hookName, instanceId);
      lastHeartbeat.put(instanceId, now);
    }
  }

  private void complete(String asg, String hookName, String instanceId, Result result) {
    try {
      hooks.complete(asg, hookName, instanceId, result);
    } catch (FleetException e) {
      // Already completed (e.g. before a restart) or timed out meanwhile: nothing left to do.
      if (e.error().retryable()) {
        throw e;
      }
    }
    lastHeartbeat.remove(instanceId);
  }

  static String launchName(DeploymentGroup group, String instanceId) {
    return GroupDeploymentFactory.name(group.getMetadata().getName(), "launch-" + instanceId);
  }

  private static boolean ours(LifecycleHookStatus hook) {
    return "Installed".equals(hook.getState()) || "Repaired".equals(hook.getState());
  }

  /** Launch deployments, newest first (for tests and the status). */
  static List<Deployment> launches(GroupDeployments mine) {
    return mine.all().stream().filter(GroupDeployments::launch)
        .sorted(Comparator.comparing((Deployment d) -> Objects.toString(d.getMetadata().getCreationTimestamp(), "")).reversed())
        .toList();
  }
}
