package io.fleetdeploy.kubectl;

import io.fleetdeploy.api.v1alpha1.BatchStatus;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.Diagnostics;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.LifecycleEventStatus;
import io.fleetdeploy.controller.InstanceResults;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A Deployment as a tree: the deployment, its batches, their instances, and each instance's
 * lifecycle events (kept in status for failed and running instances), with the failed events'
 * diagnostics. Only what status says: no clock, so the same object renders the same text.
 */
final class DeploymentTree {
  private static final int TAIL_LINES = 3;

  private DeploymentTree() {}

  static String render(Deployment d) {
    StringBuilder out = new StringBuilder();
    DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    out.append("Deployment ")
        .append(d.getMetadata().getNamespace())
        .append('/')
        .append(d.getMetadata().getName())
        .append("  ")
        .append(s.getPhase() == null ? "Created" : s.getPhase())
        .append('\n');
    line(out, "group", d.getSpec().getDeploymentGroupRef().getName());
    line(out, "revision", Revisions.describe(d.getSpec().getRevision()));
    if (s.getDeploymentConfig() != null) {
      line(out, "config", s.getDeploymentConfig());
    }
    if (s.getProgress() != null) {
      line(out, "progress", s.getProgress() + overview(s));
    }
    if (s.getStartTime() != null) {
      line(
          out,
          "started",
          s.getStartTime()
              + (s.getCompletionTime() == null
                  ? ""
                  : "  took " + took(s.getStartTime(), s.getCompletionTime())));
    }
    if (s.getQueuedBehind() != null) {
      line(out, "queued behind", s.getQueuedBehind());
    }
    if (s.getErrorInformation() != null) {
      line(
          out,
          "error",
          s.getErrorInformation().getCode() + ": " + oneLine(s.getErrorInformation().getMessage()));
    }
    if (s.getRollbackInfo() != null) {
      if (s.getRollbackInfo().getRollbackDeployment() != null) {
        line(out, "rolled back by", s.getRollbackInfo().getRollbackDeployment());
      }
      if (s.getRollbackInfo().getRollbackOf() != null) {
        line(out, "rollback of", s.getRollbackInfo().getRollbackOf());
      }
    }
    Map<Integer, List<InstanceStatus>> byBatch = new TreeMap<>();
    List<InstanceStatus> unbatched = new ArrayList<>();
    for (InstanceStatus i : InstanceResults.of(d)) {
      if (i.getBatch() == null) {
        unbatched.add(i);
      } else {
        byBatch.computeIfAbsent(i.getBatch(), b -> new ArrayList<>()).add(i);
      }
    }
    List<BatchStatus> batches = s.getBatches() == null ? List.of() : s.getBatches();
    for (BatchStatus b : batches) {
      byBatch.putIfAbsent(b.getNumber(), new ArrayList<>());
    }
    List<Integer> numbers = new ArrayList<>(byBatch.keySet());
    boolean hasUnbatched = !unbatched.isEmpty();
    for (int n = 0; n < numbers.size(); n++) {
      int number = numbers.get(n);
      boolean last = n == numbers.size() - 1 && !hasUnbatched;
      BatchStatus batch =
          batches.stream()
              .filter(b -> Objects.equals(b.getNumber(), number))
              .findFirst()
              .orElse(null);
      out.append(last ? "└─ " : "├─ ").append("Batch ").append(number);
      List<InstanceStatus> members = byBatch.get(number);
      out.append("  ").append(members.size()).append(" instance(s)");
      if (batch != null && batch.getStartTime() != null) {
        out.append("  started ").append(batch.getStartTime());
        if (batch.getEndTime() != null) {
          out.append("  took ").append(took(batch.getStartTime(), batch.getEndTime()));
        }
      }
      out.append('\n');
      instances(out, d.getMetadata().getName(), members, last ? "   " : "│  ");
    }
    if (hasUnbatched) {
      out.append("└─ Not started  ").append(unbatched.size()).append(" instance(s)\n");
      instances(out, d.getMetadata().getName(), unbatched, "   ");
    }
    if (s.getOmittedInstanceDetails() != null && s.getOmittedInstanceDetails() > 0) {
      out.append("(")
          .append(s.getOmittedInstanceDetails())
          .append(" instance(s)' details omitted from status)\n");
    }
    return out.toString();
  }

  private static void instances(
      StringBuilder out, String deployment, List<InstanceStatus> members, String indent) {
    for (int i = 0; i < members.size(); i++) {
      InstanceStatus instance = members.get(i);
      boolean last = i == members.size() - 1;
      out.append(indent).append(last ? "└─ " : "├─ ").append(instance.getId());
      out.append("  ").append(instance.getStatus() == null ? "Pending" : instance.getStatus());
      if (instance.getStartTime() != null && instance.getEndTime() != null) {
        out.append("  ").append(took(instance.getStartTime(), instance.getEndTime()));
      }
      if (instance.getErrorCode() != null) {
        out.append("  ").append(instance.getErrorCode());
      }
      if (instance.getLastEvent() != null && instance.getEvents() == null) {
        out.append("  last event ").append(instance.getLastEvent());
      }
      out.append('\n');
      String childIndent = indent + (last ? "   " : "│  ");
      if (instance.getMessage() != null && instance.getEvents() == null) {
        out.append(childIndent).append("  ").append(oneLine(instance.getMessage())).append('\n');
      }
      List<LifecycleEventStatus> events =
          instance.getEvents() == null ? List.of() : instance.getEvents();
      for (int e = 0; e < events.size(); e++) {
        event(
            out,
            "kubectl fleetdeploy logs " + deployment + " --instance " + instance.getId(),
            events.get(e),
            childIndent,
            e == events.size() - 1);
      }
    }
  }

  private static void event(
      StringBuilder out, String logs, LifecycleEventStatus e, String indent, boolean last) {
    out.append(indent)
        .append(last ? "└─ " : "├─ ")
        .append(String.format("%-18s", e.getName()))
        .append(' ')
        .append(e.getStatus() == null ? "Pending" : e.getStatus());
    if (e.getDurationMs() != null) {
      out.append("  ").append(human(Duration.ofMillis(e.getDurationMs())));
    }
    Diagnostics diagnostics = e.getDiagnostics();
    if (diagnostics != null) {
      if (diagnostics.getErrorCode() != null) {
        out.append("  ").append(diagnostics.getErrorCode());
      }
      if (diagnostics.getScriptName() != null) {
        out.append("  ").append(diagnostics.getScriptName());
      }
    }
    out.append('\n');
    if (diagnostics == null) {
      return;
    }
    String inner = indent + (last ? "   " : "│  ") + "  ";
    if (diagnostics.getMessage() != null) {
      out.append(inner).append(oneLine(diagnostics.getMessage())).append('\n');
    }
    if (diagnostics.getLogTail() != null) {
      String[] lines = diagnostics.getLogTail().strip().split("\n");
      int from = Math.max(0, lines.length - TAIL_LINES);
      out.append(inner).append("log tail:\n");
      for (int i = from; i < lines.length; i++) {
        out.append(inner).append("  ").append(lines[i]).append('\n');
      }
    }
    if (diagnostics.getFullLog() != null) {
      out.append(inner)
          .append("full log: ")
          .append(logs)
          .append(" --event ")
          .append(e.getName())
          .append('\n');
    }
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append("  ").append(String.format("%-9s", label)).append(' ').append(value).append('\n');
  }

  private static String overview(DeploymentStatus s) {
    if (s.getOverview() == null) {
      return "";
    }
    var o = s.getOverview();
    List<String> parts = new ArrayList<>();
    add(parts, o.getSucceeded(), "succeeded");
    add(parts, o.getFailed(), "failed");
    add(parts, o.getInProgress(), "in progress");
    add(parts, o.getPending(), "pending");
    add(parts, o.getSkipped(), "skipped");
    return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
  }

  private static void add(List<String> parts, Integer n, String what) {
    if (n != null && n > 0) {
      parts.add(n + " " + what);
    }
  }

  static String took(String start, String end) {
    try {
      return human(Duration.between(Instant.parse(start), Instant.parse(end)));
    } catch (DateTimeParseException e) {
      return "?";
    }
  }

  static String human(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return String.format("%.1fs", ms / 1000.0);
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60) + "s";
    }
    return (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }

  private static String oneLine(String text) {
    String first = text.strip().replace("\r", "");
    int newline = first.indexOf('\n');
    return newline < 0 ? first : first.substring(0, newline) + " …";
  }
}
