package io.fleetdeploy.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.controller.GroupInventory;
import io.fleetdeploy.controller.InstanceResults;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.controller.PinnedRevisions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard's JSON documents, shaped for its pages from the cached resources: a row per
 * deployment, a deployment without its instances (those come a page at a time), an instance with
 * its lifecycle events, a group with its history. Status fields pass through as the API defines
 * them, so what {@code kubectl explain} says about a field holds here too.
 */
final class DashboardJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private DashboardJson() {}

  /** One line of the deployments table. */
  static ObjectNode deploymentRow(Deployment d) {
    ObjectNode row = MAPPER.createObjectNode();
    row.put("namespace", d.getMetadata().getNamespace());
    row.put("name", d.getMetadata().getName());
    row.put("resourceVersion", d.getMetadata().getResourceVersion());
    row.put("created", d.getMetadata().getCreationTimestamp());
    row.put("group", groupOf(d));
    DeploymentStatus s = d.getStatus();
    row.put("phase", s == null || s.getPhase() == null ? "Created" : s.getPhase().name());
    row.put("revision", revisionSummary(d));
    int total = s == null || s.getInstanceCount() == null ? 0 : s.getInstanceCount();
    int succeeded =
        s == null || s.getOverview() == null || s.getOverview().getSucceeded() == null
            ? 0
            : s.getOverview().getSucceeded();
    int failed =
        s == null || s.getOverview() == null || s.getOverview().getFailed() == null
            ? 0
            : s.getOverview().getFailed();
    row.put("succeeded", succeeded);
    row.put("failed", failed);
    row.put("total", total);
    row.put("progress", succeeded + "/" + total);
    row.put("creator", creatorOf(d));
    if (s != null) {
      row.put("startTime", s.getStartTime());
      row.put("completionTime", s.getCompletionTime());
      Long duration = millisBetween(s.getStartTime(), s.getCompletionTime());
      if (duration != null) {
        row.put("durationMs", duration);
      }
      if (s.getErrorInformation() != null && s.getErrorInformation().getCode() != null) {
        row.put("errorCode", s.getErrorInformation().getCode().name());
      }
    }
    if (d.getSpec() != null && Boolean.TRUE.equals(d.getSpec().getStop())) {
      row.put("stopRequested", true);
    }
    return row;
  }

  /**
   * A deployment for its page: the row, its spec, and its status without the per-instance list
   * (which can hold thousands; the instance table pages through it) but with a count per status.
   */
  static ObjectNode deployment(Deployment d, DeploymentGroup group) {
    ObjectNode out = deploymentRow(d);
    out.set("annotations", MAPPER.valueToTree(d.getMetadata().getAnnotations()));
    out.set("spec", MAPPER.valueToTree(d.getSpec()));
    ObjectNode status =
        d.getStatus() == null ? MAPPER.createObjectNode() : MAPPER.valueToTree(d.getStatus());
    // Instances are paged by their own endpoint: neither layout (the list, or the compact table
    // above 5,000 instances) goes to the browser with the deployment.
    status.remove("instances");
    status.remove("instanceTable");
    out.set("status", status);
    ObjectNode byStatus = out.putObject("instanceCounts");
    instancesOf(d)
        .forEach(
            i -> {
              String key = i.getStatus() == null ? "Unknown" : i.getStatus().name();
              byStatus.put(key, byStatus.path(key).asInt(0) + 1);
            });
    if (group != null) {
      out.put("groupLastSuccessfulRevision", lastGood(group));
    }
    return out;
  }

  /** One page of a deployment's instance table. */
  static ObjectNode instancePage(
      Deployment d, DeploymentGroup group, String status, String query, int offset, int limit) {
    Map<String, String> zones = zonesOf(group);
    List<InstanceStatus> matching =
        instancesOf(d).stream()
            .filter(i -> status == null || status.isEmpty() || statusName(i).equals(status))
            .filter(i -> query == null || query.isEmpty() || i.getId().contains(query))
            .toList();
    ObjectNode page = MAPPER.createObjectNode();
    page.put("total", matching.size());
    page.put("offset", offset);
    page.put("limit", limit);
    ArrayNode items = page.putArray("items");
    matching.stream()
        .skip(offset)
        .limit(limit)
        .forEach(i -> items.add(instanceRow(i, zones.get(i.getId()))));
    return page;
  }

  static ObjectNode instanceRow(InstanceStatus i, String zone) {
    ObjectNode row = MAPPER.createObjectNode();
    row.put("id", i.getId());
    row.put("az", zone);
    row.put("status", statusName(i));
    if (i.getBatch() != null) {
      row.put("batch", i.getBatch());
    }
    row.put("event", i.getLastEvent());
    row.put("errorCode", i.getErrorCode());
    row.put("startTime", i.getStartTime());
    row.put("endTime", i.getEndTime());
    Long duration = millisBetween(i.getStartTime(), i.getEndTime());
    if (duration != null) {
      row.put("durationMs", duration);
    }
    return row;
  }

  /** An instance with every lifecycle event the status keeps for it. */
  static ObjectNode instance(InstanceStatus i, String zone) {
    ObjectNode out = instanceRow(i, zone);
    out.put("message", i.getMessage());
    ArrayNode events = out.putArray("events");
    if (i.getEvents() != null) {
      i.getEvents().forEach(e -> events.add(MAPPER.valueToTree(e)));
    }
    return out;
  }

  /**
   * The log of one lifecycle event as the status keeps it: the tail of its output. The full output
   * is not in the cluster; it comes from the hook logging feature where configured.
   */
  static ObjectNode eventLog(String instanceId, LifecycleEventStatus event) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("instance", instanceId);
    out.put("event", event.getName());
    out.put("complete", false);
    out.put("source", "status");
    String tail = event.getDiagnostics() == null ? null : event.getDiagnostics().getLogTail();
    out.put("text", tail == null ? "" : tail);
    out.put(
        "note",
        tail == null
            ? "No output was kept for this event: the status keeps the tail of failed events only."
                + " The full output comes from the hook logging feature (spec.logging) when it is"
                + " configured."
            : "The tail of the output, as the Deployment's status keeps it. The full output comes"
                + " from the hook logging feature (spec.logging) when it is configured.");
    return out;
  }

  /** One line of the groups table. */
  static ObjectNode groupRow(DeploymentGroup g) {
    ObjectNode row = MAPPER.createObjectNode();
    row.put("namespace", g.getMetadata().getNamespace());
    row.put("name", g.getMetadata().getName());
    row.put("resourceVersion", g.getMetadata().getResourceVersion());
    if (g.getSpec() != null && g.getSpec().getApplicationRef() != null) {
      row.put("application", g.getSpec().getApplicationRef().getName());
    }
    if (g.getSpec() != null && g.getSpec().getRevision() != null) {
      row.put("declaredRevision", declared(g.getSpec().getRevision()));
    }
    var s = g.getStatus();
    if (s != null) {
      row.put("instanceCount", s.getInstanceCount());
      row.put("activeDeployment", s.getActiveDeployment());
      row.put("lastSuccessfulDeployment", s.getLastSuccessfulDeployment());
      row.put("runningRevision", lastGood(g));
      if (s.getTargetRevision() != null) {
        row.put("targetRevision", s.getTargetRevision().getSummary());
      }
      if (s.getConditions() != null) {
        ObjectNode conditions = row.putObject("conditions");
        s.getConditions().forEach(c -> conditions.put(c.getType(), c.getStatus()));
      }
    }
    return row;
  }

  /** A group for its page: spec, status (inventory, hooks, conditions) and its deployments. */
  static ObjectNode group(DeploymentGroup g, List<Deployment> history) {
    ObjectNode out = groupRow(g);
    out.set("spec", MAPPER.valueToTree(g.getSpec()));
    ObjectNode status =
        g.getStatus() == null ? MAPPER.createObjectNode() : MAPPER.valueToTree(g.getStatus());
    // The page pages through the inventory's entries, whichever layout the status has them in.
    if (g.getStatus() != null && g.getStatus().getInstanceTable() != null) {
      status.remove("instanceTable");
      status.set("instances", MAPPER.valueToTree(GroupInventory.of(g)));
    }
    out.set("status", status);
    ArrayNode rows = out.putArray("history");
    history.stream()
        .sorted(
            Comparator.comparing(
                    (Deployment d) -> Objects.toString(d.getMetadata().getCreationTimestamp(), ""))
                .reversed())
        .forEach(d -> rows.add(deploymentRow(d)));
    return out;
  }

  static ObjectNode application(Application a, List<DeploymentGroup> groups) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("namespace", a.getMetadata().getNamespace());
    out.put("name", a.getMetadata().getName());
    out.put("resourceVersion", a.getMetadata().getResourceVersion());
    out.set("spec", MAPPER.valueToTree(a.getSpec()));
    out.set(
        "status",
        a.getStatus() == null ? MAPPER.createObjectNode() : MAPPER.valueToTree(a.getStatus()));
    ArrayNode rows = out.putArray("groups");
    groups.forEach(g -> rows.add(groupRow(g)));
    return out;
  }

  /** The data of a live-update event: what changed, and the new table row for a deployment. */
  static String change(Change.Type type, HasMetadata object) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("type", type.name());
    out.put("kind", object.getKind());
    out.put("namespace", object.getMetadata().getNamespace());
    out.put("name", object.getMetadata().getName());
    out.put("resourceVersion", object.getMetadata().getResourceVersion());
    if (object instanceof Deployment d) {
      out.set("row", deploymentRow(d));
    } else if (object instanceof DeploymentGroup g) {
      out.set("row", groupRow(g));
    }
    return out.toString();
  }

  static String groupOf(Deployment d) {
    if (d.getSpec() != null && d.getSpec().getDeploymentGroupRef() != null) {
      return d.getSpec().getDeploymentGroupRef().getName();
    }
    Map<String, String> labels = d.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.DEPLOYMENT_GROUP);
  }

  static List<InstanceStatus> instancesOf(Deployment d) {
    return InstanceResults.of(d);
  }

  static Map<String, String> zonesOf(DeploymentGroup group) {
    Map<String, String> zones = new HashMap<>();
    if (group != null) {
      for (InstanceInventoryEntry e : GroupInventory.of(group)) {
        if (e.getAz() != null) {
          zones.put(e.getId(), e.getAz());
        }
      }
    }
    return zones;
  }

  private static String statusName(InstanceStatus i) {
    return i.getStatus() == null ? "Unknown" : i.getStatus().name();
  }

  private static String creatorOf(Deployment d) {
    if (d.getStatus() != null && d.getStatus().getCreator() != null) {
      return MAPPER.convertValue(d.getStatus().getCreator(), String.class);
    }
    Map<String, String> labels = d.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(Labels.CREATOR);
    return label == null ? "user" : label;
  }

  private static String revisionSummary(Deployment d) {
    if (d.getStatus() != null
        && d.getStatus().getRevision() != null
        && d.getStatus().getRevision().getSummary() != null) {
      return d.getStatus().getRevision().getSummary();
    }
    return d.getSpec() == null || d.getSpec().getRevision() == null
        ? null
        : declared(d.getSpec().getRevision());
  }

  private static String declared(Revision revision) {
    if (revision.getS3() == null && revision.getUrl() == null) {
      return null;
    }
    return PinnedRevisions.summary(revision, null);
  }

  private static String lastGood(DeploymentGroup g) {
    return g.getStatus() == null || g.getStatus().getLastSuccessfulRevision() == null
        ? null
        : g.getStatus().getLastSuccessfulRevision().getSummary();
  }

  private static Long millisBetween(String start, String end) {
    if (start == null || end == null) {
      return null;
    }
    try {
      return Duration.between(Instant.parse(start), Instant.parse(end)).toMillis();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
