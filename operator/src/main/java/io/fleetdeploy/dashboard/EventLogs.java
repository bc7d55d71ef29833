package io.fleetdeploy.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import java.util.Optional;

/**
 * Where the dashboard's "full log" link reads a lifecycle event's output from. The default keeps to
 * the cluster: the tail the Deployment's status holds. A reader of the full hook output (from where
 * the group's logging settings put it) replaces it without changing the endpoint.
 */
@FunctionalInterface
public interface EventLogs {
  /** The status's log tail, saying that the full output comes from the logging feature. */
  EventLogs STATUS_TAIL =
      (deployment, group, instanceId, event) -> DashboardJson.eventLog(instanceId, event);

  /**
   * The log document of one event of {@code instanceId}: its ids, {@code text}, {@code complete}
   * (whether the text is the whole output), {@code source} and a {@code note} for the reader.
   */
  ObjectNode read(
      Deployment deployment,
      Optional<DeploymentGroup> group,
      String instanceId,
      LifecycleEventStatus event);
}
