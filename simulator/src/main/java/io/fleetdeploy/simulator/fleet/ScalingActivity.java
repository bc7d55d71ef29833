package io.fleetdeploy.simulator.fleet;

import java.time.Instant;

/** What TerminateInstanceInAutoScalingGroup reports back. */
public record ScalingActivity(
    String activityId, String groupName, String description, String cause, Instant startTime) {}
