package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.fleet.HostOutput;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.hostplan.DeploymentContext;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.HostPlanBuilder;
import io.fleetdeploy.hostplan.Revision;
import java.time.Duration;
import java.util.List;

/**
 * A revision ready to roll out: pinned to its bytes, its AppSpec checked, and what the host plan is
 * made from (the plan itself is made per batch, with a freshly signed download address).
 *
 * @param context the deployment the plan is for, with no download address yet
 * @param warnings the AppSpec check's warnings, to show users
 * @param executionTimeout how long one host may take at most (see {@link
 *     io.fleetdeploy.hostplan.ExecutionBudget})
 * @param output where SSM keeps each host's full output (the group's spec.logging at start)
 * @param trafficParts with traffic control, the host parts a batch is sent in ({@link
 *     io.fleetdeploy.hostplan.TrafficParts#needed}); one part: every event in one send
 */
record PreparedRevision(
    PinnedBundle bundle,
    PinnedRevision pinned,
    AppSpec appSpec,
    DeploymentContext context,
    List<String> warnings,
    Duration executionTimeout,
    HostOutput output,
    List<Integer> trafficParts) {

  /** The host plan with the address hosts download the bundle from. */
  HostPlan plan(String downloadUrl) {
    Revision r = context.revision();
    return HostPlanBuilder.build(
        appSpec,
        new DeploymentContext(
            context.deploymentId(),
            context.applicationName(),
            context.deploymentGroupName(),
            context.deploymentGroupId(),
            new Revision(downloadUrl, r.bundleType(), r.sha256(), r.s3()),
            context.fileExistsBehavior(),
            context.ignoreApplicationStopFailures(),
            context.trafficControl()));
  }
}
