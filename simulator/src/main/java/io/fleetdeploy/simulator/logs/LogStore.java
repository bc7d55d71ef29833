package io.fleetdeploy.simulator.logs;

import io.fleetdeploy.simulator.http.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** CloudWatch Logs' groups, streams and events. Thread-safe. */
public final class LogStore {
  /** One event as stored: its position in its stream is its index there. */
  public record LogEvent(long timestamp, String message, long ingestionTime) {}

  /** An event with the stream it is in, as FilterLogEvents returns it. */
  public record StreamEvent(String stream, int index, LogEvent event) {}

  private final Map<String, Map<String, List<LogEvent>>> groups = new TreeMap<>();

  public synchronized void createGroup(String group) {
    if (groups.containsKey(group)) {
      throw ApiException.badRequest(
          "ResourceAlreadyExistsException", "The specified log group already exists");
    }
    groups.put(group, new TreeMap<>());
  }

  public synchronized void createStream(String group, String stream) {
    Map<String, List<LogEvent>> streams = requireGroup(group);
    if (streams.containsKey(stream)) {
      throw ApiException.badRequest(
          "ResourceAlreadyExistsException", "The specified log stream already exists");
    }
    streams.put(stream, new ArrayList<>());
  }

  public synchronized void put(String group, String stream, List<LogEvent> events) {
    requireStream(group, stream).addAll(events);
  }

  /**
   * What the SSM agent does with a command's output: creates the group and the stream when they are
   * missing, then puts the lines, one event each.
   */
  public synchronized void append(String group, String stream, List<String> lines, Instant at) {
    Map<String, List<LogEvent>> streams = groups.computeIfAbsent(group, g -> new TreeMap<>());
    List<LogEvent> events = streams.computeIfAbsent(stream, s -> new ArrayList<>());
    for (String line : lines) {
      events.add(new LogEvent(at.toEpochMilli(), line, at.toEpochMilli()));
    }
  }

  /** A copy of the stream's events, oldest first. */
  public synchronized List<LogEvent> events(String group, String stream) {
    return List.copyOf(requireStream(group, stream));
  }

  /** Streams of a group by name, with copies of their events. */
  public synchronized Map<String, List<LogEvent>> streams(String group) {
    Map<String, List<LogEvent>> out = new LinkedHashMap<>();
    requireGroup(group).forEach((name, events) -> out.put(name, List.copyOf(events)));
    return out;
  }

  public synchronized boolean hasGroup(String group) {
    return groups.containsKey(group);
  }

  private Map<String, List<LogEvent>> requireGroup(String group) {
    Map<String, List<LogEvent>> streams = groups.get(group);
    if (streams == null) {
      throw ApiException.badRequest(
          "ResourceNotFoundException", "The specified log group does not exist.");
    }
    return streams;
  }

  private List<LogEvent> requireStream(String group, String stream) {
    List<LogEvent> events = requireGroup(group).get(stream);
    if (events == null) {
      throw ApiException.badRequest(
          "ResourceNotFoundException", "The specified log stream does not exist.");
    }
    return events;
  }
}
