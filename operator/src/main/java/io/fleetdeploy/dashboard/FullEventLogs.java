package io.fleetdeploy.dashboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.logs.HookLog;
import io.fleetdeploy.logs.HookLogReader;
import java.util.Optional;

/**
 * An event's whole output, read where the group's {@code spec.logging} had SSM put it (CloudWatch
 * Logs or S3, with the operator's own role); the status's tail, with the reason, when it cannot be.
 */
public final class FullEventLogs implements EventLogs {
  private final HookLogReader reader;

  public FullEventLogs(HookLogReader reader) {
    this.reader = reader;
  }

  @Override
  public ObjectNode read(
      Deployment deployment,
      Optional<DeploymentGroup> group,
      String instanceId,
      LifecycleEventStatus event) {
    HookLog log = reader.read(deployment, group, instanceId, Optional.of(event.getName()));
    if (log instanceof HookLog.Text text) {
      ObjectNode out = DashboardJson.MAPPER.createObjectNode();
      out.put("instance", instanceId);
      out.put("event", event.getName());
      out.put("complete", true);
      out.put("source", text.source());
      out.put("text", text.text());
      out.put("note", "The whole output of the event, from " + text.source() + ".");
      return out;
    }
    ObjectNode tail = DashboardJson.eventLog(instanceId, event);
    tail.put(
        "note",
        "The full output cannot be read: "
            + ((HookLog.Unavailable) log).reason()
            + ". Shown: "
            + (tail.path("text").asText().isEmpty()
                ? "nothing (the status keeps the tail of failed events only)."
                : "the tail the Deployment's status keeps."));
    return tail;
  }
}
