package io.fleetdeploy.hostplan;

import io.fleetdeploy.appspec.FileExistsBehavior;
import java.util.Optional;

/**
 * The deployment a host plan is made for, as plain values.
 *
 * @param deploymentGroupId stable id of the group: the host keeps its state (last successful
 *     revision, installed files) under it, so it must not change when the group is renamed
 * @param fileExistsBehavior the deployment's setting; the AppSpec's own key wins over it
 * @param trafficControl whether the group has a load balancer, which adds the six traffic events
 */
public record DeploymentContext(
    String deploymentId,
    String applicationName,
    String deploymentGroupName,
    String deploymentGroupId,
    Revision revision,
    Optional<FileExistsBehavior> fileExistsBehavior,
    boolean ignoreApplicationStopFailures,
    boolean trafficControl) {}
