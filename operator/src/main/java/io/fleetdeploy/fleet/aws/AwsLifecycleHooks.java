package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.LifecycleHooks;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LifecycleHook;

/** Auto Scaling lifecycle hooks through the Auto Scaling API. */
public final class AwsLifecycleHooks implements LifecycleHooks {
  static final String LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
  static final String TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
  private static final Pattern NOT_SET_UP =
      Pattern.compile(
          "not found|No Lifecycle Hook|No active Lifecycle Action", Pattern.CASE_INSENSITIVE);

  private final AwsClients aws;

  public AwsLifecycleHooks(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public List<Hook> hooks(String autoScalingGroup) {
    requireGroup(autoScalingGroup);
    return call(
        "Auto Scaling DescribeLifecycleHooks " + autoScalingGroup,
        () ->
            aws
                .autoScaling()
                .describeLifecycleHooks(b -> b.autoScalingGroupName(autoScalingGroup))
                .lifecycleHooks()
                .stream()
                .map(AwsLifecycleHooks::toHook)
                .toList());
  }

  private static Hook toHook(LifecycleHook h) {
    return new Hook(
        h.autoScalingGroupName(),
        h.lifecycleHookName(),
        TERMINATING.equals(h.lifecycleTransition()) ? Transition.TERMINATING : Transition.LAUNCHING,
        Duration.ofSeconds(h.heartbeatTimeout() == null ? 3600 : h.heartbeatTimeout()),
        "CONTINUE".equals(h.defaultResult()) ? Result.CONTINUE : Result.ABANDON);
  }

  @Override
  public void put(Hook hook) {
    call(
        "Auto Scaling PutLifecycleHook " + hook.name() + " on " + hook.autoScalingGroup(),
        () ->
            aws.autoScaling()
                .putLifecycleHook(
                    b ->
                        b.autoScalingGroupName(hook.autoScalingGroup())
                            .lifecycleHookName(hook.name())
                            .lifecycleTransition(
                                hook.transition() == Transition.LAUNCHING ? LAUNCHING : TERMINATING)
                            .heartbeatTimeout((int) hook.heartbeatTimeout().toSeconds())
                            .defaultResult(hook.defaultResult().name())));
  }

  @Override
  public void remove(String autoScalingGroup, String hookName) {
    try {
      call(
          "Auto Scaling DeleteLifecycleHook " + hookName + " on " + autoScalingGroup,
          () ->
              aws.autoScaling()
                  .deleteLifecycleHook(
                      b -> b.autoScalingGroupName(autoScalingGroup).lifecycleHookName(hookName)));
    } catch (FleetException e) {
      if (e.error() != FleetError.AUTO_SCALING_CONFIGURATION) {
        throw e;
      }
      // The hook or the whole group is gone already: what remove wants.
    }
  }

  @Override
  public List<WaitingInstance> waiting(String autoScalingGroup) {
    AutoScalingGroup group = requireGroup(autoScalingGroup);
    return group.instances().stream()
        .filter(i -> i.lifecycleStateAsString().endsWith(":Wait"))
        .map(
            i ->
                new WaitingInstance(
                    autoScalingGroup,
                    i.instanceId(),
                    i.lifecycleStateAsString().startsWith("Terminating")
                        ? Transition.TERMINATING
                        : Transition.LAUNCHING,
                    i.lifecycleStateAsString()))
        .toList();
  }

  @Override
  public void heartbeat(String autoScalingGroup, String hookName, String instanceId) {
    call(
        "Auto Scaling RecordLifecycleActionHeartbeat for "
            + instanceId
            + " on hook "
            + hookName
            + " of "
            + autoScalingGroup,
        () ->
            aws.autoScaling()
                .recordLifecycleActionHeartbeat(
                    b ->
                        b.autoScalingGroupName(autoScalingGroup)
                            .lifecycleHookName(hookName)
                            .instanceId(instanceId)));
  }

  @Override
  public void complete(String autoScalingGroup, String hookName, String instanceId, Result result) {
    call(
        "Auto Scaling CompleteLifecycleAction "
            + result
            + " for "
            + instanceId
            + " on hook "
            + hookName
            + " of "
            + autoScalingGroup,
        () ->
            aws.autoScaling()
                .completeLifecycleAction(
                    b ->
                        b.autoScalingGroupName(autoScalingGroup)
                            .lifecycleHookName(hookName)
                            .instanceId(instanceId)
                            .lifecycleActionResult(result.name())));
  }

  private AutoScalingGroup requireGroup(String name) {
    List<AutoScalingGroup> groups =
        call(
            "Auto Scaling DescribeAutoScalingGroups " + name,
            () ->
                aws.autoScaling()
                    .describeAutoScalingGroups(b -> b.autoScalingGroupNames(name))
                    .autoScalingGroups());
    if (groups.isEmpty()) {
      throw new FleetException(
          FleetError.AUTO_SCALING_CONFIGURATION,
          "Auto Scaling group " + name + " not found in region " + aws.region());
    }
    return groups.get(0);
  }

  /**
   * Auto Scaling answers a missing group, a missing hook and an instance that is not waiting on the
   * hook alike, with a ValidationError whose message says which: all three mean the group is not
   * (or no longer) set up the way the caller thinks.
   */
  private static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (AutoScalingException e) {
      String message =
          e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorMessage());
      if ("ValidationError".equals(AwsErrors.errorCode(e)) && NOT_SET_UP.matcher(message).find()) {
        throw new FleetException(FleetError.AUTO_SCALING_CONFIGURATION, what + ": " + message, e);
      }
      throw AwsErrors.classify(what, e);
    } catch (SdkException e) {
      throw AwsErrors.classify(what, e);
    }
  }
}
