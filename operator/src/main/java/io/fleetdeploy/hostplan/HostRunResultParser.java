package io.fleetdeploy.hostplan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds and reads the {@code FLEETDEPLOY-RESULT} line the host runner prints last. */
public final class HostRunResultParser {
  public static final String PREFIX = "FLEETDEPLOY-RESULT ";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUOTED_OUTPUT_CHARS = 300;

  private HostRunResultParser() {}

  public static HostRunOutcome parse(String stdout) {
    String text = stdout == null ? "" : stdout;
    String line = null;
    for (String candidate : text.split("\r?\n")) {
      if (candidate.startsWith(PREFIX)) {
        line = candidate;
      }
    }
    if (line == null) {
      String tail =
          text.length() > QUOTED_OUTPUT_CHARS
              ? "..." + text.substring(text.length() - QUOTED_OUTPUT_CHARS)
              : text;
      return new HostRunOutcome.NoResultLine(
          "no "
              + PREFIX.trim()
              + " line in the runner's output"
              + (tail.isBlank()
                  ? " (the output is empty)"
                  : "; the output ends with: " + tail.strip()));
    }
    try {
      return new HostRunOutcome.Reported(read(JSON.readTree(line.substring(PREFIX.length()))));
    } catch (JsonProcessingException e) {
      return new HostRunOutcome.NoResultLine(
          "the "
              + PREFIX.trim()
              + " line is not complete JSON"
              + " (was the output cut off?): "
              + e.getOriginalMessage());
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return new HostRunOutcome.NoResultLine(
          "the " + PREFIX.trim() + " line is not a result: " + e.getMessage());
    }
  }

  private static HostRunResult read(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    List<EventResult> events = new ArrayList<>();
    JsonNode eventNodes = root.get("events");
    if (eventNodes != null) {
      for (JsonNode e : eventNodes) {
        events.add(
            new EventResult(
                required(e, "name"),
                status(required(e, "status")),
                time(e.get("start")),
                time(e.get("end")),
                optional(e, "errorCode"),
                optional(e, "scriptName"),
                optional(e, "message"),
                optional(e, "logTail"),
                e.path("ignored").asBoolean(false),
                optional(e, "scriptsFrom")));
      }
    }
    List<LeftRunning> leftRunning = new ArrayList<>();
    for (JsonNode p : root.path("leftRunning")) {
      leftRunning.add(
          new LeftRunning(
              p.path("pid").asLong(),
              p.path("command").asText(""),
              p.path("event").asText(""),
              p.path("script").asText("")));
    }
    return new HostRunResult(
        optional(root, "deploymentId").orElse(""),
        status(required(root, "status")),
        root.path("downloaded").asBoolean(false),
        root.path("replay").asBoolean(false),
        optional(root, "error"),
        List.copyOf(events),
        List.copyOf(leftRunning));
  }

  private static EventStatus status(String text) {
    try {
      return EventStatus.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown status '" + text + "'");
    }
  }

  private static Optional<Instant> time(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(
        node.isNumber() ? Instant.ofEpochMilli(node.asLong()) : Instant.parse(node.asText()));
  }

  private static String required(JsonNode node, String field) {
    return optional(node, field)
        .orElseThrow(() -> new IllegalArgumentException("missing '" + field + "'"));
  }

  private static Optional<String> optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
