package io.fleetdeploy.fleet;

import java.time.Duration;
import java.util.List;

/** Auto Scaling lifecycle hooks that fleetdeploy owns. */
public interface LifecycleHooks {
  enum Transition {
    LAUNCHING,
    TERMINATING
  }

  enum Result {
    CONTINUE,
    ABANDON
  }

  /** A hook as it is (or should be) on an Auto Scaling group. */
  record Hook(
      String autoScalingGroup,
      String name,
      Transition transition,
      Duration heartbeatTimeout,
      Result defaultResult) {}

  /** An instance held by a hook. */
  record WaitingInstance(
      String autoScalingGroup, String instanceId, Transition transition, String lifecycleState) {}

  /** The hooks on a group (all of them, ours and others'). Fails if the group does not exist. */
  List<Hook> hooks(String autoScalingGroup);

  /** Creates or updates the hook to be exactly as given. */
  void put(Hook hook);

  /** Removes the hook; absent hooks and groups are not an error. */
  void remove(String autoScalingGroup, String hookName);

  /** Instances of the group waiting in Pending:Wait or Terminating:Wait. */
  List<WaitingInstance> waiting(String autoScalingGroup);

  /** Keeps an instance waiting: resets the hook's heartbeat timeout. */
  void heartbeat(String autoScalingGroup, String hookName, String instanceId);

  /** Lets the instance go on (CONTINUE) or gives it up (ABANDON). */
  void complete(String autoScalingGroup, String hookName, String instanceId, Result result);
}
