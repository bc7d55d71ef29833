package io.fleetdeploy.controller.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.api.v1alpha1.Trigger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CodeDeploy's trigger JSON ("JSON data formats for CodeDeploy triggers"), so consumers written for
 * CodeDeploy's SNS messages keep working. Deployment events carry region, accountId,
 * eventTriggerName, applicationName, deploymentId, deploymentGroupName, createTime, completeTime,
 * deploymentOverview (a JSON string, as CodeDeploy sends it), status and errorInformation. Instance
 * events carry region, accountId, eventTriggerName, deploymentId, instanceId (an EC2 instance ARN,
 * or the managed instance id), lastUpdatedAt, instanceStatus and lifecycleEvents for the batch's
 * first instance, exactly as CodeDeploy's one-instance message, plus {@code instances}: the same
 * fields for every instance of the batch (one message per batch, not per instance), and {@code
 * batch}. Times are epoch seconds with milliseconds, as strings, as CodeDeploy writes them.
 */
final class TriggerMessages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String region;
  private final String accountId;

  /** Messages for a destination in this region and account (from a topic ARN; else as known). */
  TriggerMessages(String region, String accountId) {
    this.region = region == null ? "" : region;
    this.accountId = accountId == null ? "" : accountId;
  }

  String deployment(Deployment d, DeploymentStatus s, DeploymentGroup group, Trigger trigger) {
    ObjectNode o = head(trigger);
    o.put("applicationName", group.getSpec().getApplicationRef().getName());
    o.put("deploymentId", deploymentId(d));
    o.put("deploymentGroupName", group.getMetadata().getName());
    o.put("createTime", epoch(d.getMetadata().getCreationTimestamp()));
    o.put("completeTime", epoch(s.getCompletionTime()));
    // Counted from the instances: the stored overview is derived later, when status is written.
    Map<ExecutionStatus, Integer> counts = new java.util.EnumMap<>(ExecutionStatus.class);
    if (s.getInstances() != null) {
      s.getInstances().forEach(i -> counts.merge(i.getStatus(), 1, Integer::sum));
    }
    Map<String, String> overview = new LinkedHashMap<>();
    overview.put("Failed", String.valueOf(counts.getOrDefault(ExecutionStatus.Failed, 0)));
    overview.put("InProgress", String.valueOf(counts.getOrDefault(ExecutionStatus.InProgress, 0)));
    overview.put("Pending", String.valueOf(counts.getOrDefault(ExecutionStatus.Pending, 0)));
    overview.put("Skipped", String.valueOf(counts.getOrDefault(ExecutionStatus.Skipped, 0)));
    overview.put("Succeeded", String.valueOf(counts.getOrDefault(ExecutionStatus.Succeeded, 0)));
    o.put("deploymentOverview", write(JSON.valueToTree(overview)));
    o.put("status", status(s.getPhase()));
    if (s.getErrorInformation() != null && s.getPhase() != DeploymentPhase.Succeeded) {
      ObjectNode error = JSON.createObjectNode();
      error.put("ErrorCode", String.valueOf(s.getErrorInformation().getCode()));
      error.put("ErrorMessage", s.getErrorInformation().getMessage());
      o.put("errorInformation", write(error));
    }
    return write(o);
  }

  String instances(Deployment d, Trigger trigger, int batch, List<InstanceStatus> batchOf) {
    ObjectNode o = head(trigger);
    o.put("deploymentId", deploymentId(d));
    ArrayNode all = JSON.createArrayNode();
    for (InstanceStatus i : batchOf) {
      all.add(instance(i));
    }
    ObjectNode first = (ObjectNode) all.get(0);
    first.fieldNames().forEachRemaining(f -> o.set(f, first.get(f)));
    o.put("batch", batch);
    o.set("instances", all);
    return write(o);
  }

  /** The SNS subject, as CodeDeploy words it: {@code SUCCEEDED: AWS CodeDeploy d-... in ...}. */
  String subject(String what, Deployment d, DeploymentGroup group) {
    String subject =
        what
            + ": fleetdeploy "
            + deploymentId(d)
            + (region.isEmpty() ? "" : " in " + region)
            + " to "
            + group.getSpec().getApplicationRef().getName();
    return subject.length() <= 100 ? subject : subject.substring(0, 100);
  }

  static String status(DeploymentPhase phase) {
    return switch (phase == null ? DeploymentPhase.Created : phase) {
      case Created, Queued -> "CREATED";
      case InProgress -> "IN_PROGRESS";
      case Succeeded -> "SUCCEEDED";
      case Failed -> "FAILED";
      case Stopped -> "STOPPED";
    };
  }

  private ObjectNode head(Trigger trigger) {
    ObjectNode o = JSON.createObjectNode();
    o.put("region", region);
    o.put("accountId", accountId);
    o.put("eventTriggerName", trigger.getName());
    return o;
  }

  private ObjectNode instance(InstanceStatus i) {
    ObjectNode o = JSON.createObjectNode();
    o.put(
        "instanceId",
        i.getId().startsWith("i-") && !accountId.isEmpty() && !region.isEmpty()
            ? "arn:aws:ec2:" + region + ":" + accountId + ":instance/" + i.getId()
            : i.getId());
    o.put("lastUpdatedAt", epoch(i.getEndTime() != null ? i.getEndTime() : i.getStartTime()));
    o.put("instanceStatus", String.valueOf(i.getStatus()));
    ArrayNode events = JSON.createArrayNode();
    if (i.getEvents() != null) {
      for (LifecycleEventStatus e : i.getEvents()) {
        ObjectNode event = JSON.createObjectNode();
        event.put("LifecycleEvent", e.getName());
        event.put("LifecycleEventStatus", String.valueOf(e.getStatus()));
        event.put("StartTime", epoch(e.getStartTime()));
        if (e.getStartTime() != null && e.getDurationMs() != null) {
          Instant end = Instant.parse(e.getStartTime()).plusMillis(e.getDurationMs());
          event.put("EndTime", epoch(end.toString()));
        }
        events.add(event);
      }
    }
    o.set("lifecycleEvents", events);
    return o;
  }

  static String deploymentId(Deployment d) {
    return "d-" + d.getMetadata().getUid();
  }

  /** RFC 3339 to CodeDeploy's {@code 1446744207.564}; empty when unknown. */
  static String epoch(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return "";
    }
    Instant t = Instant.parse(rfc3339);
    return t.getEpochSecond() + "." + String.format("%03d", t.getNano() / 1_000_000);
  }

  private static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
