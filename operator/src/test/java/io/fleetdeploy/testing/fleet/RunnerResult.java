package io.fleetdeploy.testing.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.HostRunResultParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@code FLEETDEPLOY-RESULT} line a real host runner prints for a run, made from the plan and
 * the scripted outcome: the events of the plan in order, each succeeded, or the failing one with
 * its diagnostics and the later ones skipped.
 */
record RunnerResult(boolean succeeded, ObjectNode json) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static RunnerResult of(HostPlan plan, HostBehaviour.Outcome outcome, Instant start, Instant end) {
    String failing =
        outcome instanceof HostBehaviour.Outcome.Fail fail ? fail.event().name() : null;
    List<String> events = plan.events();
    boolean failingInPlan = failing != null && events.contains(failing);
    long step = events.isEmpty() ? 0 : Duration.between(start, end).toMillis() / events.size();
    ObjectNode root = JSON.createObjectNode();
    root.put("deploymentId", plan.deploymentId());
    root.put("status", failingInPlan ? "Failed" : "Succeeded");
    root.put("downloaded", true);
    root.put("replay", false);
    ArrayNode array = root.putArray("events");
    boolean failed = false;
    long at = start.toEpochMilli();
    for (String event : events) {
      ObjectNode e = array.addObject();
      e.put("name", event);
      if (failed) {
        e.put("status", "Skipped");
        continue;
      }
      e.put("start", at);
      at += step;
      e.put("end", at);
      if (event.equals(failing)) {
        HostBehaviour.Outcome.Fail fail = (HostBehaviour.Outcome.Fail) outcome;
        e.put("status", "Failed");
        e.put("errorCode", fail.errorCode());
        List<io.fleetdeploy.appspec.HookScript> scripts =
            LifecycleEvent.byName(event).map(plan.hooks()::get).orElse(null);
        if (scripts != null && !scripts.isEmpty()) {
          e.put("scriptName", scripts.get(0).location());
        }
        e.put("message", fail.message());
        if (fail.logTail() != null) {
          e.put("logTail", fail.logTail());
        }
        failed = true;
      } else {
        e.put("status", "Succeeded");
      }
    }
    return new RunnerResult(!failed, root);
  }

  /**
   * This result with the events of an earlier part of the deployment first, as the runner reports a
   * later part.
   */
  RunnerResult after(java.util.Optional<RunnerResult> earlier) {
    if (earlier.isEmpty()) {
      return this;
    }
    ObjectNode merged = json.deepCopy();
    ArrayNode events = merged.putArray("events");
    earlier.get().json.get("events").forEach(e -> events.add(e.deepCopy()));
    json.get("events").forEach(e -> events.add(e.deepCopy()));
    return new RunnerResult(succeeded, merged);
  }

  /**
   * The deployment log the runner copies to stderr ({@code --log-stderr}): each event's marker and
   * script output; a failed event's output ends with its log tail.
   */
  String log() {
    StringBuilder out = new StringBuilder();
    for (var e : json.get("events")) {
      String status = e.get("status").asText();
      if (status.equals("Skipped")) {
        continue;
      }
      String name = e.get("name").asText();
      out.append("LifecycleEvent - ").append(name).append('\n');
      out.append("2026-01-05 10:00:00 [stdout]").append(name).append(" ran\n");
      if (e.has("logTail")) {
        out.append("2026-01-05 10:00:00 [stdout]").append(e.get("logTail").asText()).append('\n');
      }
    }
    return out.toString();
  }

  String line() {
    return "fleetdeploy-runner: deployment "
        + json.get("deploymentId").asText()
        + "\n"
        + HostRunResultParser.PREFIX
        + json
        + "\n";
  }

  /** What the runner prints when it is asked again for a deployment it already ran. */
  String replayLine() {
    ObjectNode copy = json.deepCopy();
    copy.put("replay", true);
    return HostRunResultParser.PREFIX + copy + "\n";
  }
}
