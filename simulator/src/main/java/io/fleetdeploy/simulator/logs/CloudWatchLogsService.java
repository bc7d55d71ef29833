package io.fleetdeploy.simulator.logs;

import io.fleetdeploy.simulator.codec.JsonReader;
import io.fleetdeploy.simulator.codec.JsonSyntaxException;
import io.fleetdeploy.simulator.codec.JsonWriter;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Amazon CloudWatch Logs over the AWS JSON 1.1 protocol ({@code X-Amz-Target: Logs_20140328.<Op>}):
 * what SSM writes command output with (CreateLogGroup, CreateLogStream, PutLogEvents) and what
 * readers use (GetLogEvents, FilterLogEvents). Tokens are positions in a stream, {@code f/<n>}
 * forward and {@code b/<n>} backward; the last page of GetLogEvents answers with the token it was
 * given, as the service does.
 */
public final class CloudWatchLogsService implements AwsService {
  public static final String TARGET_PREFIX = "Logs_20140328.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final int DEFAULT_LIMIT = 10_000;
  private static final Set<String> OPERATIONS =
      Set.of(
          "CreateLogGroup", "CreateLogStream", "PutLogEvents", "GetLogEvents", "FilterLogEvents");

  private final LogStore store;
  private final SimClock clock;

  public CloudWatchLogsService(LogStore store, SimClock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "logs";
  }

  @Override
  public String operation(SimRequest request) {
    String target = request.header("X-Amz-Target");
    String op =
        target != null && target.startsWith(TARGET_PREFIX)
            ? target.substring(TARGET_PREFIX.length())
            : null;
    if (op == null || !OPERATIONS.contains(op) || !"POST".equals(request.method())) {
      throw new ApiException(
          "UnknownOperationException",
          "The simulator's CloudWatch Logs does not implement "
              + (op == null ? "this request" : op)
              + ".",
          400);
    }
    return op;
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    Map<String, Object> args;
    try {
      String text = request.bodyText().trim();
      args = text.isEmpty() ? Map.of() : JsonReader.parseObject(text);
    } catch (JsonSyntaxException e) {
      throw ApiException.badRequest(
          "SerializationException", "The request body is not valid JSON: " + e.getMessage());
    }
    Map<String, Object> result =
        switch (operation) {
          case "CreateLogGroup" -> {
            store.createGroup(required(args, "logGroupName"));
            yield Map.of();
          }
          case "CreateLogStream" -> {
            store.createStream(required(args, "logGroupName"), required(args, "logStreamName"));
            yield Map.of();
          }
          case "PutLogEvents" -> putLogEvents(args);
          case "GetLogEvents" -> getLogEvents(args);
          case "FilterLogEvents" -> filterLogEvents(args);
          default -> throw new IllegalStateException("unrouted operation " + operation);
        };
    return SimResponse.of(200, CONTENT_TYPE, JsonWriter.write(result))
        .withHeader("x-amzn-RequestId", request.requestId());
  }

  private Map<String, Object> putLogEvents(Map<String, Object> args) {
    String group = required(args, "logGroupName");
    String stream = required(args, "logStreamName");
    List<LogStore.LogEvent> events = new ArrayList<>();
    long now = clock.now().toEpochMilli();
    for (Object o : list(args, "logEvents")) {
      if (!(o instanceof Map<?, ?> event)) {
        throw ApiException.badRequest("SerializationException", "logEvents holds a non-object");
      }
      Object message = event.get("message");
      Object timestamp = event.get("timestamp");
      if (!(message instanceof String text) || !(timestamp instanceof Long at)) {
        throw ApiException.badRequest(
            "InvalidParameterException", "Each log event needs a message and a timestamp.");
      }
      events.add(new LogStore.LogEvent(at, text, now));
    }
    store.put(group, stream, events);
    return Map.of("nextSequenceToken", Long.toString(now));
  }

  private Map<String, Object> getLogEvents(Map<String, Object> args) {
    String group = required(args, "logGroupName");
    String stream = required(args, "logStreamName");
    List<LogStore.LogEvent> events = store.events(group, stream);
    int limit = limit(args);
    String token = (String) args.get("nextToken");
    boolean fromHead = Boolean.TRUE.equals(args.get("startFromHead"));
    Long startTime = (Long) args.get("startTime");
    Long endTime = (Long) args.get("endTime");
    int from;
    int to;
    if (token != null && token.startsWith("f/")) {
      from = position(token);
      to = Math.min(events.size(), from + limit);
    } else if (token != null && token.startsWith("b/")) {
      to = position(token);
      from = Math.max(0, to - limit);
    } else if (token != null) {
      throw ApiException.badRequest(
          "InvalidParameterException", "The specified nextToken is invalid.");
    } else if (fromHead) {
      from = 0;
      to = Math.min(events.size(), limit);
    } else {
      to = events.size();
      from = Math.max(0, to - limit);
    }
    List<Map<String, Object>> page = new ArrayList<>();
    for (int i = from; i < to; i++) {
      long at = events.get(i).timestamp();
      if ((startTime == null || at >= startTime) && (endTime == null || at < endTime)) {
        page.add(json(events.get(i), null, i));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", page);
    out.put("nextForwardToken", from == to && token != null ? token : "f/" + pad(to));
    out.put("nextBackwardToken", "b/" + pad(from));
    return out;
  }

  private Map<String, Object> filterLogEvents(Map<String, Object> args) {
    String group = required(args, "logGroupName");
    List<Object> names = args.get("logStreamNames") == null ? null : list(args, "logStreamNames");
    String prefix = (String) args.get("logStreamNamePrefix");
    String pattern = (String) args.get("filterPattern");
    Long startTime = (Long) args.get("startTime");
    Long endTime = (Long) args.get("endTime");
    int limit = limit(args);
    int skip = args.get("nextToken") == null ? 0 : position((String) args.get("nextToken"));
    List<String> terms =
        pattern == null || pattern.isBlank()
            ? List.of()
            : List.of(pattern.replace("\"", "").trim().split("\\s+"));
    List<Map<String, Object>> page = new ArrayList<>();
    int matched = 0;
    boolean more = false;
    for (Map.Entry<String, List<LogStore.LogEvent>> stream : store.streams(group).entrySet()) {
      if ((names != null && !names.contains(stream.getKey()))
          || (prefix != null && !stream.getKey().startsWith(prefix))) {
        continue;
      }
      List<LogStore.LogEvent> events = stream.getValue();
      for (int i = 0; i < events.size(); i++) {
        LogStore.LogEvent e = events.get(i);
        boolean hit =
            (startTime == null || e.timestamp() >= startTime)
                && (endTime == null || e.timestamp() < endTime)
                && terms.stream().allMatch(e.message()::contains);
        if (!hit) {
          continue;
        }
        if (matched++ < skip) {
          continue;
        }
        if (page.size() == limit) {
          more = true;
          break;
        }
        page.add(json(e, stream.getKey(), i));
      }
      if (more) {
        break;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("events", page);
    out.put("searchedLogStreams", List.of());
    if (more) {
      out.put("nextToken", "f/" + pad(skip + page.size()));
    }
    return out;
  }

  private static Map<String, Object> json(LogStore.LogEvent e, String stream, int index) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (stream != null) {
      m.put("logStreamName", stream);
      m.put("eventId", String.format(Locale.ROOT, "%056d", index));
    }
    m.put("timestamp", e.timestamp());
    m.put("message", e.message());
    m.put("ingestionTime", e.ingestionTime());
    return m;
  }

  private static String pad(int n) {
    return String.format(Locale.ROOT, "%056d", n);
  }

  private static int position(String token) {
    try {
      return Integer.parseInt(token.substring(2).replaceFirst("^0+(?=.)", ""));
    } catch (RuntimeException e) {
      throw ApiException.badRequest(
          "InvalidParameterException", "The specified nextToken is invalid.");
    }
  }

  private static int limit(Map<String, Object> args) {
    Object limit = args.get("limit");
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (!(limit instanceof Long l) || l < 1 || l > DEFAULT_LIMIT) {
      throw ApiException.badRequest(
          "InvalidParameterException", "limit must be between 1 and " + DEFAULT_LIMIT + ".");
    }
    return l.intValue();
  }

  private static String required(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw ApiException.badRequest(
          "InvalidParameterException", "Missing required parameter " + name + ".");
    }
    return s;
  }

  private static List<Object> list(Map<String, Object> args, String name) {
    Object v = args.get(name);
    if (!(v instanceof List<?> l)) {
      throw ApiException.badRequest(
          "InvalidParameterException", "Missing required parameter " + name + ".");
    }
    return new ArrayList<>(l);
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", e.code());
    body.put("message", e.getMessage());
    return SimResponse.of(e.status(), CONTENT_TYPE, JsonWriter.write(body))
        .withHeader("x-amzn-RequestId", request.requestId());
  }

  @Override
  public ApiException throttled() {
    return new ApiException("ThrottlingException", "Rate exceeded", 400);
  }
}
