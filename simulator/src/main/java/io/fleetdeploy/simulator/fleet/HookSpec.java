package io.fleetdeploy.simulator.fleet;

/** A lifecycle hook as requested (PutLifecycleHook or a group's LifecycleHookSpecificationList). */
public record HookSpec(
    String name,
    String transition,
    Integer heartbeatTimeoutSeconds,
    String defaultResult,
    String notificationTargetArn,
    String roleArn,
    String notificationMetadata) {}
