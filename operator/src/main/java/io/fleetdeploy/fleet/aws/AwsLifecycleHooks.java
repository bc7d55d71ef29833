package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.LifecycleHooks;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;

/** Auto Scaling lifecycle hooks through the Auto Scaling API. */
public final class AwsLifecycleHooks implements LifecycleHooks {
  static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
  static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";

  private final AwsClients aws;

  public AwsLifecycleHooks(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public List<Hook> hooks(String autoScalingGroup) {
    requireGroup(autoScalingGroup);
    return AwsErrors.call("Auto Scaling DescribeLifecycleHooks " + autoScalingGroup, () ->
        aws.autoScaling().describeLifecycleHooks(b -> b.autoScalingGroupName(autoScalingGroup))
            .lifecycleHooks().stream().map(AwsLifecycleHooks::toHook).toList());
  }

  private static Hook toHook(LifecycleHook h) {
    return new Hook(h.autoScalingGroupName(), h.lifecycleHookName(),
        TERMINATING.equals(h.lifecycleTransition()) ? Transition.TERMINATING : Transition.LAUNCHING,
        Duration.ofSeconds(h.heartbeatTimeout() == null ? 3600 : h.heartbeatTimeout()),
        "CONTINUE".equals(h.defaultResult()) ? Result.CONTINUE : Result.ABANDON);
  }

  @Override
  public void put(Hook hook) {
    requireGroup(hook.autoScalingGroup());
    AwsErrors.run("Auto Scaling PutLifecycleHook " + hook.name() + " on " + hook.autoScalingGroup(), () ->
        aws.autoScaling().putLifecycleHook(b -> b
            .autoScalingGroupName(hook.autoScalingGroup())
            .lifecycleHookName(hook.name())
            .lifecycleTransition(hook.transition() == Transition.LAUNCHING ? LAUNCHING : TERMINATING)
            .heartbeatTimeout((int) hook.heartbeatTimeout().toSeconds())
            .defaultResult(hook.defaultResult().name())));
  }

  @Override
  public void remove(String autoScalingGroup, String hookName) {
    try {
      aws.autoScaling().deleteLifecycleHook(b -> b.autoScalingGroupName(autoScalingGroup).lifecycleHookName(hookName));
    } catch (AutoScalingException e) {
      if (!isNotFound(e)) {
        throw AwsErrors.classify("Auto Scaling DeleteLifecycleHook " + hookName + " on " + autoScalingGroup, e);
      }
    }
  }

  @Override
  public List<WaitingInstance> waiting(String autoScalingGroup) {
    AutoScalingGroup group = requireGroup(autoScalingGroup);
    return group.instances().stream()
        .filter(i -> i.lifecycleStateAsString().endsWith(":Wait"))
        .map(i -> new WaitingInstance(autoScalingGroup, i.instanceId(),
            i.lifecycleStateAsString().startsWith("Terminating") ? Transition.TERMINATING : Transition.LAUNCHING,
            i.lifecycleStateAsString()))
        .toList();
  }

  @Override
  public void heartbeat(String autoScalingGroup, String hookName, String instanceId) {
    AwsErrors.run("Auto Scaling RecordLifecycleActionHeartbeat " + instanceId, () ->
        aws.autoScaling().recordLifecycleActionHeartbeat(b -> b.autoScalingGroupName(autoScalingGroup)
            .lifecycleHookName(hookName).instanceId(instanceId)));
  }

  @Override
  public void complete(String autoScalingGroup, String hookName, String instanceId, Result result) {
    AwsErrors.run("Auto Scaling CompleteLifecycleAction " + result + " " + instanceId, () ->
        aws.autoScaling().completeLifecycleAction(b -> b.autoScalingGroupName(autoScalingGroup)
            .lifecycleHookName(hookName).instanceId(instanceId).lifecycleActionResult(result.name())));
  }

  private AutoScalingGroup requireGroup(String name) {
    List<AutoScalingGroup> groups = AwsErrors.call("Auto Scaling DescribeAutoScalingGroups " + name, () ->
        aws.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames(name)).autoScalingGroups());
    if (groups.isEmpty()) {
      throw new FleetException(FleetError.AUTO_SCALING_CONFIGURATION,
          "Auto Scaling group " + name + " not found in region");
    }
    return groups.get(0);
  }

  private static boolean isNotFound(AutoScalingException e) {
    String message = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorMessage());
    return message.contains("not found") || message.contains("No Lifecycle Hook");
  }
}
