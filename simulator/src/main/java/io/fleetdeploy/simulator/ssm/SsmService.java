package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.Faults;
import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.codec.JsonReader;
import io.fleetdeploy.simulator.codec.JsonSyntaxException;
import io.fleetdeploy.simulator.codec.JsonWriter;
import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.IdGenerator;
import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS Systems Manager over the AWS JSON 1.1 protocol ({@code X-Amz-Target: AmazonSSM.<Op>}): Run
 * Command, Command documents, managed-instance inventory and tags.
 */
public final class SsmService implements AwsService, AutoCloseable {
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
  private static final Set<String> OPERATIONS = Set.of("SendCommand", "ListCommands", "ListCommandInvocations",
      "GetCommandInvocation", "CancelCommand", "CreateDocument", "UpdateDocument", "UpdateDocumentDefaultVersion",
      "DescribeDocument", "GetDocument", "DeleteDocument", "ListDocuments", "DescribeInstanceInformation",
      "AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource");
  private static final Set<String> COMMAND_FILTER_KEYS =
      Set.of("InvokedAfter", "InvokedBefore", "Status", "ExecutionStage", "DocumentName");
  private static final Set<String> COMMAND_STATUS_VALUES = Set.of("Pending", "InProgress", "Success", "Cancelled",
      "Failed", "TimedOut", "AccessDenied", "DeliveryTimedOut", "ExecutionTimedOut", "Incomplete",
      "NoInstancesInTag", "LimitExceeded");
  private static final Set<String> INVOCATION_STATUS_VALUES = Set.of("Pending", "InProgress", "Delayed", "Success",
      "Cancelled", "Failed", "TimedOut", "AccessDenied", "DeliveryTimedOut", "ExecutionTimedOut", "Undeliverable",
      "InvalidPlatform", "Terminated");
  private static final Pattern DOCUMENT_ARN = Pattern.compile("^[a-zA-Z0-9_\\-.:/]{3,128}$");
  private static final Pattern MAX_CONCURRENCY = Pattern.compile("^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$");
  private static final Pattern MAX_ERRORS = Pattern.compile("^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$");
  private static final Pattern VERSION_NUMBER = Pattern.compile("(^[1-9][0-9]*$)");
  private static final String AGENT_VERSION = "3.3.1142.0";

  private final Fleet fleet;
  private final Faults faults;
  private final SimClock clock;
  private final IdGenerator ids;
  private final DocumentStore documents;
  private final CommandStore store = new CommandStore();
  private final CommandRunner runner;
  private final CommandScheduler scheduler;

  public SsmService(Fleet fleet, Faults faults, SimClock clock, IdGenerator ids, int maxConcurrentCommands) {
    this.fleet = fleet;
    this.clock = clock;
    this.ids = ids;
    this.documents = new DocumentStore(fleet.accountId(), clock.now());
    this.runner = new CommandRunner(store, clock, faults, fleet, fleet.region(), maxConcurrentCommands);
    this.scheduler = new CommandScheduler(store, fleet, faults, runner, clock);
    this.faults = faults;
  }

  @Override
  public String name() {
    return "ssm";
  }

  /** Delivers, times out and finishes invocations that are due. */
  public void tick() {
    scheduler.tick();
  }

  /** A host started stopping or shutting down. */
  public void hostDown(String instanceId) {
    scheduler.hostDown(instanceId);
  }

  @Override
  public void close() {
    runner.close();
  }

  /** Kills every process still running for any host under this directory (simulator shutdown). */
  public static int killProcessesUnder(java.nio.file.Path instancesDir) {
    return InstanceProcesses.killAllUnder(instancesDir);
  }

  @Override
  public String operation(SimRequest request) {
    String target = request.header("X-Amz-Target");
    String op = target != null && target.startsWith("AmazonSSM.") ? target.substring("AmazonSSM.".length()) : null;
    if (op == null || !OPERATIONS.contains(op) || !"POST".equals(request.method())) {
      throw new ApiException("UnknownOperationException",
          "The simulator's SSM does not implement " + (op == null ? "this request" : op) + ".", 400);
    }
    return op;
  }

  @Override
  public ApiException throttled() {
    return new ApiException("ThrottlingException", "Rate exceeded", 400);
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    String type = switch (e.code()) {
      case "ValidationException" -> "com.amazon.coral.validate#ValidationException";
      case "SerializationException", "UnknownOperationException" -> "com.amazon.coral.service#" + e.code();
      default -> e.code();
    };
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", type);
    body.put("message", e.getMessage());
    return SimResponse.of(e.status(), CONTENT_TYPE, JsonWriter.write(body))
        .withHeader("x-amzn-RequestId", request.requestId());
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    JsonArgs args;
    try {
      String text = request.bodyText().trim();
      args = new JsonArgs(text.isEmpty() ? Map.of() : JsonReader.parseObject(text));
    } catch (JsonSyntaxException e) {
      throw ApiException.badRequest("SerializationException", "The request body is not valid JSON: " + e.getMessage());
    }
    Map<String, Object> result = switch (operation) {
      case "SendCommand" -> sendCommand(args);
      case "ListCommands" -> listCommands(args);
      case "ListCommandInvocations" -> listCommandInvocations(args);
      case "GetCommandInvocation" -> getCommandInvocation(args);
      case "CancelCommand" -> cancelCommand(args);
      case "CreateDocument" -> createDocument(args);
      case "UpdateDocument" -> updateDocument(args);
      case "UpdateDocumentDefaultVersion" -> updateDocumentDefaultVersion(args);
      case "DescribeDocument" -> describeDocument(args);
      case "GetDocument" -> getDocument(args);
      case "DeleteDocument" -> deleteDocument(args);
      case "ListDocuments" -> listDocuments(args);
      case "DescribeInstanceInformation" -> describeInstanceInformation(args);
      case "AddTagsToResource" -> addTags(args);
      case "RemoveTagsFromResource" -> removeTags(args);
      case "ListTagsForResource" -> listTags(args);
      default -> throw new IllegalStateException("unrouted operation " + operation);
    };
    return SimResponse.of(200, CONTENT_TYPE, JsonWriter.write(result))
        .withHeader("x-amzn-RequestId", request.requestId());
  }

  // ------------------------------------------------------------------ Run Command

  private Map<String, Object> sendCommand(JsonArgs a) {
    String documentName = a.string("DocumentName");
    Constraints.required("documentName", documentName);
    Constraints.pattern("documentName", documentName, DOCUMENT_ARN);
    List<String> instanceIds = a.strings("InstanceIds");
    Constraints.maxItems("instanceIds", instanceIds, 50);
    List<JsonArgs> targets = a.structs("Targets");
    Constraints.maxItems("targets", targets, 5);
    String comment = a.string("Comment");
    Constraints.maxLength("comment", comment, 100);
    Integer timeoutSeconds = a.integer("TimeoutSeconds");
    Constraints.range("timeoutSeconds", timeoutSeconds, 30, 2_592_000);
    String maxConcurrency = a.string("MaxConcurrency");
    Constraints.pattern("maxConcurrency", maxConcurrency, MAX_CONCURRENCY);
    String maxErrors = a.string("MaxErrors");
    Constraints.pattern("maxErrors", maxErrors, MAX_ERRORS);
    String versionRequested = a.string("DocumentVersion");
    if (instanceIds != null) {
      instanceIds.forEach(id -> Constraints.instanceId("instanceIds", id));
    }
    boolean byIds = instanceIds != null && !instanceIds.isEmpty();
    boolean byTargets = targets != null && !targets.isEmpty();
    if (byIds == byTargets) {
      throw ApiException.badRequest("ValidationException", byIds
          ? "InstanceIds and Targets cannot be used in the same SendCommand request."
          : "SendCommand needs InstanceIds or Targets to say where the command runs.");
    }

    DocumentVersion document = documents.resolve(documentName, versionRequested, null);
    String hash = a.string("DocumentHash");
    if (hash != null) {
      boolean sha1 = "Sha1".equals(a.string("DocumentHashType"));
      if (!hash.equalsIgnoreCase(sha1 ? document.sha1() : document.sha256())) {
        throw ApiException.badRequest("InvalidDocument", "The document hash " + hash + " does not match version "
            + document.version() + " of " + document.name() + ".");
      }
    }
    Map<String, List<String>> parameters = a.stringListMap("Parameters");
    ParameterBinder.checkSize(document, parameters);
    List<RenderedStep> steps = ParameterBinder.render(document.model(), ParameterBinder.bind(document, parameters));

    List<String> hosts = byIds ? checkTargets(instanceIds) : resolveTargets(targets);
    Instant now = clock.now();
    int deliveryTimeout = timeoutSeconds == null ? 3600 : timeoutSeconds;
    int longestStep = steps.stream().mapToInt(RenderedStep::timeoutSeconds).max().orElse(0);
    Map<String, Object> echoed = new LinkedHashMap<>();
    echoed.put("OutputS3Region", a.string("OutputS3Region") == null ? fleet.region() : a.string("OutputS3Region"));
    echoed.put("OutputS3BucketName", orEmpty(a.string("OutputS3BucketName")));
    echoed.put("OutputS3KeyPrefix", orEmpty(a.string("OutputS3KeyPrefix")));
    echoed.put("ServiceRole", orEmpty(a.string("ServiceRoleArn")));
    Object notification = a.raw("NotificationConfig");
    echoed.put("NotificationConfig", notification != null ? notification
        : Map.of("NotificationArn", "", "NotificationEvents", List.of(), "NotificationType", ""));
    Object cloudWatch = a.raw("CloudWatchOutputConfig");
    echoed.put("CloudWatchOutputConfig", cloudWatch != null ? cloudWatch
        : Map.of("CloudWatchLogGroupName", "", "CloudWatchOutputEnabled", false));

    List<Map<String, Object>> targetEcho = new ArrayList<>();
    if (byTargets) {
      for (JsonArgs t : targets) {
        targetEcho.add(Map.of("Key", orEmpty(t.string("Key")), "Values", t.strings("Values") == null ? List.of()
            : t.strings("Values")));
      }
    }
    Command command;
    synchronized (store) {
      command = new Command(ids.uuid(), store.nextSeq(), document.name(), versionRequested, document.version(),
          orEmpty(comment), parameters, byIds ? List.copyOf(instanceIds) : List.of(), targetEcho, now, deliveryTimeout,
          maxConcurrency == null ? "50" : maxConcurrency, maxErrors == null ? "0" : maxErrors,
          now.plusSeconds(deliveryTimeout + (long) longestStep), echoed);
      for (String host : hosts) {
        List<PluginRun> plugins = steps.stream().map(PluginRun::new).toList();
        command.invocations.add(new Invocation(command, host, plugins, now.plusSeconds(deliveryTimeout)));
      }
      store.add(command);
    }
    scheduler.tick();
    synchronized (store) {
      return Map.of("Command", commandJson(command));
    }
  }

  private List<String> checkTargets(List<String> instanceIds) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> invalid = new ArrayList<>();
    for (String id : instanceIds) {
      if (!seen.add(id)) {
        throw ApiException.badRequest("DuplicateInstanceId", "Instance Id " + id + " is listed more than once.");
      }
      InstanceSnapshot host = fleet.find(id);
      if (host == null || !host.isSsmManaged()) {
        invalid.add(id);
      }
    }
    if (!invalid.isEmpty()) {
      throw ApiException.badRequest("InvalidInstanceId", "Instances [" + invalid
          + "] not in a valid state for account " + fleet.accountId());
    }
    return List.copyOf(seen);
  }

  private List<String> resolveTargets(List<JsonArgs> targets) {
    Set<String> out = new LinkedHashSet<>();
    boolean first = true;
    for (JsonArgs t : targets) {
      String key = t.string("Key");
      List<String> values = t.strings("Values") == null ? List.of() : t.strings("Values");
      Set<String> matched = new LinkedHashSet<>();
      for (InstanceSnapshot host : fleet.allHosts()) {
        if (!host.isSsmManaged() || host.state().isGone()) {
          continue;
        }
        boolean hit;
        if ("InstanceIds".equals(key)) {
          hit = values.contains(host.id());
        } else if (key != null && key.startsWith("tag:")) {
          hit = values.contains(host.tags().get(key.substring(4)));
        } else if ("tag-key".equals(key)) {
          hit = values.stream().anyMatch(host.tags()::containsKey);
        } else {
          throw ApiException.badRequest("InvalidTarget", "Target key " + key
              + " is not supported by the simulator: use InstanceIds, tag:<key> or tag-key.");
        }
        if (hit) {
          matched.add(host.id());
        }
      }
      // Several targets narrow the selection down: an instance must match all of them.
      if (first) {
        out.addAll(matched);
      } else {
        out.retainAll(matched);
      }
      first = false;
    }
    return List.copyOf(out);
  }

  private Map<String, Object> listCommands(JsonArgs a) {
    String commandId = a.string("CommandId");
    Constraints.length("commandId", commandId, 36, 36);
    String instanceId = a.string("InstanceId");
    Constraints.instanceId("instanceId", instanceId);
    Integer maxResults = a.integer("MaxResults");
    Constraints.range("maxResults", maxResults, 1, 50);
    int pageSize = maxResults == null ? 50 : maxResults;
    List<CommandFilter> filters = commandFilters(a.structs("Filters"), COMMAND_STATUS_VALUES, true);
    String nextToken = a.string("NextToken");
    long after = nextToken == null ? Long.MAX_VALUE : PageToken.decode("ListCommands", nextToken);
    synchronized (store) {
      if (commandId != null && store.find(commandId) == null) {
        throw ApiException.badRequest("InvalidCommandId", "Command " + commandId + " does not exist.");
      }
      List<Map<String, Object>> page = new ArrayList<>();
      String token = null;
      for (Command c : store.newestFirst()) {
        if (c.seq >= after || (commandId != null && !c.id.equals(commandId))
            || (instanceId != null && c.invocations.stream().noneMatch(i -> i.instanceId.equals(instanceId)))
            || !filters.stream().allMatch(f -> f.matches(c))) {
          continue;
        }
        if (page.size() == pageSize) {
          token = PageToken.encode("ListCommands", c.seq + 1);
          break;
        }
        page.add(commandJson(c));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("Commands", page);
      out.put("NextToken", token);
      return out;
    }
  }

  private Map<String, Object> listCommandInvocations(JsonArgs a) {
    String commandId = a.string("CommandId");
    Constraints.length("commandId", commandId, 36, 36);
    String instanceId = a.string("InstanceId");
    Constraints.instanceId("instanceId", instanceId);
    Integer maxResults = a.integer("MaxResults");
    Constraints.range("maxResults", maxResults, 1, 50);
    int pageSize = maxResults == null ? 50 : maxResults;
    List<CommandFilter> filters = commandFilters(a.structs("Filters"), INVOCATION_STATUS_VALUES, false);
    boolean details = a.bool("Details");
    String nextToken = a.string("NextToken");
    long resumeAt = nextToken == null ? -1 : PageToken.decode("ListCommandInvocations", nextToken);
    synchronized (store) {
      if (commandId != null && store.find(commandId) == null) {
        throw ApiException.badRequest("InvalidCommandId", "Command " + commandId + " does not exist.");
      }
      List<Map<String, Object>> page = new ArrayList<>();
      String token = null;
      outer:
      for (Command c : store.newestFirst()) {
        if (commandId != null && !c.id.equals(commandId)) {
          continue;
        }
        for (int i = 0; i < c.invocations.size(); i++) {
          // Position: newest command first, then the order the instances were targeted in.
          long position = ((1L << 40) - c.seq) * 100_000L + i;
          Invocation inv = c.invocations.get(i);
          if (position < resumeAt || (instanceId != null && !inv.instanceId.equals(instanceId))
              || !filters.stream().allMatch(f -> f.matches(inv))) {
            continue;
          }
          if (page.size() == pageSize) {
            token = PageToken.encode("ListCommandInvocations", position);
            break outer;
          }
          page.add(invocationJson(inv, details));
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("CommandInvocations", page);
      out.put("NextToken", token);
      return out;
    }
  }

  private Map<String, Object> getCommandInvocation(JsonArgs a) {
    String commandId = a.string("CommandId");
    Constraints.required("commandId", commandId);
    Constraints.length("commandId", commandId, 36, 36);
    String instanceId = a.string("InstanceId");
    Constraints.required("instanceId", instanceId);
    Constraints.instanceId("instanceId", instanceId);
    String pluginName = a.string("PluginName");
    Constraints.length("pluginName", pluginName, 4, Integer.MAX_VALUE);
    synchronized (store) {
      Command c = store.find(commandId);
      if (c == null) {
        throw ApiException.badRequest("InvalidCommandId", "Command " + commandId + " does not exist.");
      }
      Invocation inv = c.invocations.stream().filter(i -> i.instanceId.equals(instanceId)).findFirst()
          .orElseThrow(() -> ApiException.badRequest("InvocationDoesNotExist",
              "Command " + commandId + " has no invocation on instance " + instanceId + "."));
      PluginRun plugin;
      if (pluginName != null) {
        plugin = inv.plugins.stream().filter(p -> p.step.name().equals(pluginName)).findFirst()
            .orElseThrow(() -> ApiException.badRequest("InvalidPluginName", "Document " + c.documentName
                + " has no step named " + pluginName + "."));
      } else if (inv.plugins.size() == 1) {
        plugin = inv.plugins.get(0);
      } else {
        throw ApiException.badRequest("InvalidPluginName", "Document " + c.documentName + " has "
            + inv.plugins.size() + " steps: name the one you want with PluginName.");
      }
      InvocationState state = pluginName != null ? plugin.state : inv.state;
      boolean finished = plugin.state.isTerminal();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("CommandId", c.id);
      out.put("InstanceId", inv.instanceId);
      out.put("Comment", c.comment);
      out.put("DocumentName", c.documentName);
      out.put("DocumentVersion", documentVersionOf(c));
      out.put("PluginName", plugin.step.name());
      out.put("ResponseCode", plugin.responseCode);
      out.put("ExecutionStartDateTime", plugin.startTime == null ? "" : AwsTime.iso(plugin.startTime));
      Instant end = plugin.endTime != null ? plugin.endTime : clock.now();
      out.put("ExecutionElapsedTime", plugin.startTime == null ? "" : Duration.between(plugin.startTime, end).toString());
      out.put("ExecutionEndDateTime", plugin.endTime == null ? "" : AwsTime.iso(plugin.endTime));
      out.put("Status", state.status());
      out.put("StatusDetails", state.details());
      out.put("StandardOutputContent", finished ? plugin.stdout : "");
      out.put("StandardOutputUrl", "");
      out.put("StandardErrorContent", finished ? plugin.stderr : "");
      out.put("StandardErrorUrl", "");
      out.put("CloudWatchOutputConfig", c.echoed.get("CloudWatchOutputConfig"));
      return out;
    }
  }

  private Map<String, Object> cancelCommand(JsonArgs a) {
    String commandId = a.string("CommandId");
    Constraints.required("commandId", commandId);
    Constraints.length("commandId", commandId, 36, 36);
    List<String> instanceIds = a.strings("InstanceIds");
    Constraints.maxItems("instanceIds", instanceIds, 50);
    Command c;
    synchronized (store) {
      c = store.find(commandId);
    }
    if (c == null) {
      throw ApiException.badRequest("InvalidCommandId", "Command " + commandId + " does not exist.");
    }
    scheduler.cancel(c, instanceIds);
    return Map.of();
  }

  private record CommandFilter(String key, String value, Instant time) {
    boolean matches(Command c) {
      return switch (key) {
        case "InvokedAfter" -> !c.requested.isBefore(time);
        case "InvokedBefore" -> !c.requested.isAfter(time);
        case "DocumentName" -> c.documentName.equals(value);
        case "ExecutionStage" -> "Complete".equals(value) == c.invocations.stream().allMatch(i -> i.state.isTerminal());
        case "Status" -> {
          String[] s = c.status();
          yield s[0].equals(value) || s[1].equals(value);
        }
        default -> true;
      };
    }

    boolean matches(Invocation inv) {
      return switch (key) {
        case "Status" -> inv.state.matchesFilter(value);
        case "ExecutionStage" -> "Complete".equals(value) == inv.state.isTerminal();
        default -> matches(inv.command);
      };
    }
  }

  private static List<CommandFilter> commandFilters(List<JsonArgs> raw, Set<String> statuses, boolean commands) {
    List<CommandFilter> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    if (raw.isEmpty()) {
      throw ApiException.badRequest("ValidationException", "1 validation error detected: Value '[]' at 'filters'"
          + " failed to satisfy constraint: Member must have length greater than or equal to 1");
    }
    Constraints.maxItems("filters", raw, 5);
    for (JsonArgs f : raw) {
      String key = f.string("key");
      String value = f.string("value");
      Constraints.required("filters.member.key", key);
      Constraints.required("filters.member.value", value);
      Constraints.length("filters.member.value", value, 1, 128);
      if (!COMMAND_FILTER_KEYS.contains(key) || (!commands && key.equals("ExecutionStage"))) {
        throw ApiException.badRequest("InvalidFilterKey", "Filter key " + key + " is not valid here: use one of "
            + COMMAND_FILTER_KEYS + ".");
      }
      Instant time = null;
      switch (key) {
        case "InvokedAfter", "InvokedBefore" -> {
          try {
            time = AwsTime.parseIso(value);
          } catch (RuntimeException e) {
            throw ApiException.badRequest("InvalidFilterValue", "Filter " + key + " needs an ISO-8601 timestamp"
                + " such as 2024-07-07T00:00:00Z, not '" + value + "'.");
          }
        }
        case "Status" -> {
          if (!statuses.contains(value)) {
            throw ApiException.badRequest("InvalidFilterValue", "Status filter value " + value
                + " is not one of " + statuses + ".");
          }
        }
        case "ExecutionStage" -> {
          if (!value.equals("Executing") && !value.equals("Complete")) {
            throw ApiException.badRequest("InvalidFilterValue",
                "ExecutionStage filter value must be Executing or Complete, not " + value + ".");
          }
        }
        default -> {
        }
      }
      out.add(new CommandFilter(key, value, time));
    }
    return out;
  }

  private Map<String, Object> commandJson(Command c) {
    String[] status = c.status();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("CommandId", c.id);
    m.put("DocumentName", c.documentName);
    m.put("DocumentVersion", documentVersionOf(c));
    m.put("Comment", c.comment);
    m.put("ExpiresAfter", AwsTime.epochSeconds(c.expiresAfter));
    m.put("Parameters", c.parameters);
    m.put("InstanceIds", c.instanceIds);
    m.put("Targets", c.targets);
    m.put("RequestedDateTime", AwsTime.epochSeconds(c.requested));
    m.put("Status", status[0]);
    m.put("StatusDetails", status[1]);
    m.put("OutputS3Region", c.echoed.get("OutputS3Region"));
    m.put("OutputS3BucketName", c.echoed.get("OutputS3BucketName"));
    m.put("OutputS3KeyPrefix", c.echoed.get("OutputS3KeyPrefix"));
    m.put("MaxConcurrency", c.maxConcurrency);
    m.put("MaxErrors", c.maxErrors);
    m.put("TargetCount", c.targetCount());
    m.put("CompletedCount", c.completedCount());
    m.put("ErrorCount", c.errorCount());
    m.put("DeliveryTimedOutCount", c.deliveryTimedOutCount());
    m.put("ServiceRole", c.echoed.get("ServiceRole"));
    m.put("NotificationConfig", c.echoed.get("NotificationConfig"));
    m.put("CloudWatchOutputConfig", c.echoed.get("CloudWatchOutputConfig"));
    m.put("TimeoutSeconds", c.timeoutSeconds);
    return m;
  }

  private Map<String, Object> invocationJson(Invocation inv, boolean details) {
    Command c = inv.command;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("CommandId", c.id);
    m.put("InstanceId", inv.instanceId);
    m.put("InstanceName", "");
    m.put("Comment", c.comment);
    m.put("DocumentName", c.documentName);
    m.put("DocumentVersion", documentVersionOf(c));
    m.put("RequestedDateTime", AwsTime.epochSeconds(c.requested));
    m.put("Status", inv.state.status());
    m.put("StatusDetails", inv.state.details());
    m.put("TraceOutput", "");
    m.put("StandardOutputUrl", "");
    m.put("StandardErrorUrl", "");
    if (details) {
      List<Map<String, Object>> plugins = new ArrayList<>();
      for (PluginRun p : inv.plugins) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("Name", p.step.name());
        pm.put("Status", p.state.pluginStatus());
        pm.put("StatusDetails", p.state.details());
        pm.put("ResponseCode", p.responseCode);
        pm.put("ResponseStartDateTime", AwsTime.epochSeconds(p.startTime));
        pm.put("ResponseFinishDateTime", AwsTime.epochSeconds(p.endTime));
        pm.put("Output", p.state.isTerminal() ? p.output() : "");
        pm.put("StandardOutputUrl", "");
        pm.put("StandardErrorUrl", "");
        pm.put("OutputS3Region", c.echoed.get("OutputS3Region"));
        pm.put("OutputS3BucketName", c.echoed.get("OutputS3BucketName"));
        pm.put("OutputS3KeyPrefix", c.echoed.get("OutputS3KeyPrefix"));
        plugins.add(pm);
      }
      m.put("CommandPlugins", plugins);
    } else {
      m.put("CommandPlugins", List.of());
    }
    m.put("ServiceRole", c.echoed.get("ServiceRole"));
    m.put("NotificationConfig", c.echoed.get("NotificationConfig"));
    m.put("CloudWatchOutputConfig", c.echoed.get("CloudWatchOutputConfig"));
    return m;
  }

  private static String documentVersionOf(Command c) {
    return c.documentVersionRequested == null ? "$DEFAULT" : c.documentVersionRequested;
  }

  // ------------------------------------------------------------------ documents

  private Map<String, Object> createDocument(JsonArgs a) {
    String content = a.string("Content");
    Constraints.required("content", content);
    String name = a.string("Name");
    Constraints.required("name", name);
    String format = documentFormat(a.string("DocumentFormat"));
    Map<String, String> tags = tagsOf(a.structs("Tags"));
    DocumentVersion v = documents.create(name, content, format, a.string("DocumentType"), a.string("VersionName"),
        a.string("DisplayName"), a.string("TargetType"), tags, clock.now());
    // Like SSM, the answer to CreateDocument says Creating; the document is Active right after.
    return Map.of("DocumentDescription", describe(v, "Creating"));
  }

  private Map<String, Object> updateDocument(JsonArgs a) {
    String content = a.string("Content");
    Constraints.required("content", content);
    String name = a.string("Name");
    Constraints.required("name", name);
    DocumentVersion v = documents.update(name, content, documentFormat(a.string("DocumentFormat")),
        a.string("DocumentVersion"), a.string("VersionName"), a.string("DisplayName"), a.string("TargetType"),
        clock.now());
    return Map.of("DocumentDescription", describe(v, "Updating"));
  }

  private Map<String, Object> updateDocumentDefaultVersion(JsonArgs a) {
    String name = a.string("Name");
    Constraints.required("name", name);
    String version = a.string("DocumentVersion");
    Constraints.required("documentVersion", version);
    Constraints.pattern("documentVersion", version, VERSION_NUMBER);
    DocumentVersion v = documents.setDefaultVersion(name, version);
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("Name", v.name());
    description.put("DefaultVersion", String.valueOf(v.version()));
    description.put("DefaultVersionName", v.versionName());
    return Map.of("Description", description);
  }

  private Map<String, Object> describeDocument(JsonArgs a) {
    String name = a.string("Name");
    Constraints.required("name", name);
    DocumentVersion v = documents.resolve(name, a.string("DocumentVersion"), a.string("VersionName"));
    return Map.of("Document", describe(v, "Active"));
  }

  private Map<String, Object> getDocument(JsonArgs a) {
    String name = a.string("Name");
    Constraints.required("name", name);
    DocumentVersion v = documents.resolve(name, a.string("DocumentVersion"), a.string("VersionName"));
    String format = a.string("DocumentFormat") == null ? v.format() : documentFormat(a.string("DocumentFormat"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Name", v.name());
    out.put("CreatedDate", AwsTime.epochSeconds(v.createdDate()));
    out.put("DisplayName", v.displayName());
    out.put("VersionName", v.versionName());
    out.put("DocumentVersion", String.valueOf(v.version()));
    out.put("Status", "Active");
    out.put("Content", DocumentParser.convert(v.content(), v.format(), format));
    out.put("DocumentType", v.documentType());
    out.put("DocumentFormat", format);
    out.put("Requires", List.of());
    out.put("AttachmentsContent", List.of());
    return out;
  }

  private Map<String, Object> deleteDocument(JsonArgs a) {
    String name = a.string("Name");
    Constraints.required("name", name);
    documents.delete(name, a.string("DocumentVersion"), a.string("VersionName"));
    return Map.of();
  }

  private Map<String, Object> listDocuments(JsonArgs a) {
    Integer maxResults = a.integer("MaxResults");
    Constraints.range("maxResults", maxResults, 1, 50);
    int pageSize = maxResults == null ? 50 : maxResults;
    String owner = null;
    String nameFilter = null;
    for (JsonArgs f : a.structs("Filters") == null ? List.<JsonArgs>of() : a.structs("Filters")) {
      List<String> values = f.strings("Values") == null ? List.of() : f.strings("Values");
      if ("Owner".equals(f.string("Key")) && !values.isEmpty()) {
        owner = values.get(0);
      } else if ("Name".equals(f.string("Key")) && !values.isEmpty()) {
        nameFilter = values.get(0);
      }
    }
    long start = a.string("NextToken") == null ? 0 : PageToken.decode("ListDocuments", a.string("NextToken"));
    List<Map<String, Object>> identifiers = new ArrayList<>();
    List<DocumentVersion> all = documents.defaults();
    String token = null;
    int position = 0;
    for (DocumentVersion v : all) {
      boolean amazon = "Amazon".equals(v.owner());
      if (("Self".equals(owner) && amazon) || ("Amazon".equals(owner) && !amazon)
          || (nameFilter != null && !v.name().equals(nameFilter))) {
        continue;
      }
      if (position++ < start) {
        continue;
      }
      if (identifiers.size() == pageSize) {
        token = PageToken.encode("ListDocuments", position - 1);
        break;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Name", v.name());
      m.put("CreatedDate", AwsTime.epochSeconds(v.createdDate()));
      m.put("DisplayName", v.displayName());
      m.put("Owner", v.owner());
      m.put("VersionName", v.versionName());
      m.put("PlatformTypes", List.of("Linux", "MacOS"));
      m.put("DocumentVersion", String.valueOf(v.version()));
      m.put("DocumentType", v.documentType());
      m.put("SchemaVersion", v.model().schemaVersion());
      m.put("DocumentFormat", v.format());
      m.put("TargetType", v.targetType());
      m.put("Tags", amazon ? List.of() : tagList(documents.tags(v.name())));
      identifiers.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("DocumentIdentifiers", identifiers);
    out.put("NextToken", token);
    return out;
  }

  private Map<String, Object> describe(DocumentVersion v, String status) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Sha1", v.sha1());
    m.put("Hash", v.sha256());
    m.put("HashType", "Sha256");
    m.put("Name", v.name());
    m.put("DisplayName", v.displayName());
    m.put("VersionName", v.versionName());
    m.put("Owner", v.owner());
    m.put("CreatedDate", AwsTime.epochSeconds(v.createdDate()));
    m.put("Status", status);
    m.put("DocumentVersion", String.valueOf(v.version()));
    m.put("Description", v.model().description());
    List<Map<String, Object>> parameters = new ArrayList<>();
    for (DocumentParameter p : v.model().parameters().values()) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("Name", p.name());
      pm.put("Type", p.isList() ? "StringList" : "String");
      pm.put("Description", p.description());
      pm.put("DefaultValue", p.defaultValue() instanceof List<?> l ? JsonWriter.write(l) : p.defaultValue());
      parameters.add(pm);
    }
    m.put("Parameters", parameters);
    m.put("PlatformTypes", List.of("Linux", "MacOS"));
    m.put("DocumentType", v.documentType());
    m.put("SchemaVersion", v.model().schemaVersion());
    m.put("LatestVersion", String.valueOf(documents.latestVersion(v.name())));
    m.put("DefaultVersion", String.valueOf(documents.defaultVersion(v.name())));
    m.put("DocumentFormat", v.format());
    m.put("TargetType", v.targetType());
    m.put("Tags", "Amazon".equals(v.owner()) ? List.of() : tagList(documents.tags(v.name())));
    return m;
  }

  private static String documentFormat(String format) {
    if (format == null) {
      return "JSON";
    }
    if (!format.equals("JSON") && !format.equals("YAML") && !format.equals("TEXT")) {
      throw ApiException.badRequest("ValidationException", "1 validation error detected: Value '" + format
          + "' at 'documentFormat' failed to satisfy constraint: Member must satisfy enum value set: [YAML, JSON, TEXT]");
    }
    return format;
  }

  // ------------------------------------------------------------------ managed instances

  private Map<String, Object> describeInstanceInformation(JsonArgs a) {
    Integer maxResults = a.integer("MaxResults");
    Constraints.range("maxResults", maxResults, 5, 50);
    int pageSize = maxResults == null ? 10 : maxResults;
    List<HostFilter> filters = new ArrayList<>();
    for (JsonArgs f : orEmptyList(a.structs("InstanceInformationFilterList"))) {
      filters.add(new HostFilter(f.string("key"), orEmptyStrings(f.strings("valueSet"))));
    }
    for (JsonArgs f : orEmptyList(a.structs("Filters"))) {
      filters.add(new HostFilter(f.string("Key"), orEmptyStrings(f.strings("Values"))));
    }
    boolean anyTag = filters.stream().anyMatch(HostFilter::isTag);
    boolean anyOther = filters.stream().anyMatch(f -> !f.isTag());
    if (anyTag && anyOther) {
      throw ApiException.badRequest("InvalidInstanceInformationFilterValue",
          "Tag filters can't be combined with other filter types.");
    }
    for (HostFilter f : filters) {
      f.validate();
    }
    List<InstanceSnapshot> hosts = fleet.allHosts().stream()
        .filter(h -> h.isSsmManaged() && (h.onPremises() || h.state() == io.fleetdeploy.simulator.fleet.InstanceState.RUNNING))
        .toList();
    for (HostFilter f : filters) {
      if (f.key().equals("InstanceIds")) {
        List<String> unknown = f.values().stream()
            .filter(id -> hosts.stream().noneMatch(h -> h.id().equals(id))).toList();
        if (!unknown.isEmpty()) {
          throw ApiException.badRequest("InvalidInstanceId", "Instances " + unknown
              + " are not managed instances of account " + fleet.accountId() + " that can be described.");
        }
      }
    }
    long after = a.string("NextToken") == null ? -1
        : PageToken.decode("DescribeInstanceInformation", a.string("NextToken"));
    List<Map<String, Object>> page = new ArrayList<>();
    String token = null;
    for (InstanceSnapshot host : hosts) {
      Map<String, Object> info = instanceInformation(host);
      if (host.seq() <= after || !filters.stream().allMatch(f -> f.matches(host, info))) {
        continue;
      }
      if (page.size() == pageSize) {
        token = PageToken.encode("DescribeInstanceInformation", host.seq() - 1);
        break;
      }
      page.add(info);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("InstanceInformationList", page);
    out.put("NextToken", token);
    return out;
  }

  private record HostFilter(String key, List<String> values) {
    private static final Set<String> KEYS = Set.of("InstanceIds", "AgentVersion", "PingStatus", "PlatformTypes",
        "PlatformType", "ActivationIds", "IamRole", "ResourceType", "AssociationStatus", "SourceIds", "SourceTypes",
        "tag-key");

    boolean isTag() {
      return key != null && (key.startsWith("tag:") || key.equals("tag-key"));
    }

    void validate() {
      if (key == null || (!KEYS.contains(key) && !key.startsWith("tag:"))) {
        throw ApiException.badRequest("InvalidInstanceInformationFilterValue", "Filter key " + key
            + " is not valid: use one of " + KEYS + " or tag:<key>.");
      }
      if (values.isEmpty()) {
        throw ApiException.badRequest("InvalidInstanceInformationFilterValue",
            "Filter " + key + " needs at least one value.");
      }
    }

    boolean matches(InstanceSnapshot host, Map<String, Object> info) {
      return switch (key) {
        case "InstanceIds", "SourceIds" -> values.contains(host.id());
        case "PingStatus" -> values.contains((String) info.get("PingStatus"));
        case "PlatformTypes", "PlatformType" -> values.contains("Linux");
        case "ResourceType" -> values.contains((String) info.get("ResourceType"));
        case "SourceTypes" -> values.contains((String) info.get("SourceType"));
        case "AgentVersion" -> values.contains(AGENT_VERSION);
        case "AssociationStatus" -> values.contains("Success");
        case "IamRole" -> values.contains((String) info.get("IamRole"));
        case "ActivationIds" -> info.get("ActivationId") != null && values.contains((String) info.get("ActivationId"));
        case "tag-key" -> values.stream().anyMatch(host.tags()::containsKey);
        default -> values.contains(host.tags().get(key.substring(4)));
      };
    }
  }

  private Map<String, Object> instanceInformation(InstanceSnapshot host) {
    Instant now = clock.now();
    boolean online = !faults.isAgentOffline(host.id());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("InstanceId", host.id());
    m.put("PingStatus", online ? "Online" : "ConnectionLost");
    m.put("LastPingDateTime", AwsTime.epochSeconds(online ? now : now.minusSeconds(600)));
    m.put("AgentVersion", AGENT_VERSION);
    m.put("IsLatestVersion", true);
    m.put("PlatformType", "Linux");
    m.put("PlatformName", "Amazon Linux");
    m.put("PlatformVersion", "2023");
    m.put("ResourceType", host.onPremises() ? "ManagedInstance" : "EC2Instance");
    m.put("IPAddress", host.privateIp());
    if (host.onPremises()) {
      m.put("ActivationId", activationIdOf(host));
      m.put("IamRole", "SSMServiceRole");
      m.put("RegistrationDate", AwsTime.epochSeconds(host.registeredAt()));
      m.put("Name", host.tags().getOrDefault("Name", host.id()));
      m.put("ComputerName", host.tags().getOrDefault("Name", host.id()) + ".onprem.local");
    } else {
      m.put("ComputerName", "ip-" + host.privateIp().replace('.', '-') + "." + fleet.region() + ".compute.internal");
    }
    m.put("AssociationStatus", "Success");
    m.put("SourceId", host.id());
    m.put("SourceType", host.onPremises() ? "AWS::SSM::ManagedInstance" : "AWS::EC2::Instance");
    return m;
  }

  private static String activationIdOf(InstanceSnapshot host) {
    String hex = String.format("%032x", Math.abs((long) host.id().hashCode()));
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20)
        + "-" + hex.substring(20, 32);
  }

  // ------------------------------------------------------------------ tags

  private Map<String, Object> addTags(JsonArgs a) {
    String type = a.string("ResourceType");
    String id = a.string("ResourceId");
    Constraints.required("resourceType", type);
    Constraints.required("resourceId", id);
    Map<String, String> tags = tagsOf(a.structs("Tags"));
    if ("ManagedInstance".equals(type)) {
      fleet.putTags(List.of(requireManagedInstance(id)), tags);
    } else if ("Document".equals(type)) {
      documents.putTags(id, tags);
    } else {
      throw unsupportedResourceType(type);
    }
    return Map.of();
  }

  private Map<String, Object> removeTags(JsonArgs a) {
    String type = a.string("ResourceType");
    String id = a.string("ResourceId");
    Constraints.required("resourceType", type);
    Constraints.required("resourceId", id);
    List<String> keys = orEmptyStrings(a.strings("TagKeys"));
    if ("ManagedInstance".equals(type)) {
      Map<String, String> remove = new LinkedHashMap<>();
      keys.forEach(k -> remove.put(k, null));
      fleet.removeTags(List.of(requireManagedInstance(id)), remove);
    } else if ("Document".equals(type)) {
      documents.removeTags(id, keys);
    } else {
      throw unsupportedResourceType(type);
    }
    return Map.of();
  }

  private Map<String, Object> listTags(JsonArgs a) {
    String type = a.string("ResourceType");
    String id = a.string("ResourceId");
    Constraints.required("resourceType", type);
    Constraints.required("resourceId", id);
    Map<String, String> tags;
    if ("ManagedInstance".equals(type)) {
      tags = fleet.find(requireManagedInstance(id)).tags();
    } else if ("Document".equals(type)) {
      tags = documents.tags(id);
    } else {
      throw unsupportedResourceType(type);
    }
    return Map.of("TagList", tagList(tags));
  }

  private String requireManagedInstance(String id) {
    InstanceSnapshot host = fleet.find(id);
    if (host == null || !host.onPremises()) {
      throw ApiException.badRequest("InvalidResourceId", "The resource ID " + id
          + " is not a managed instance (mi-...) of this account; tag EC2 instances through EC2.");
    }
    return id;
  }

  private static ApiException unsupportedResourceType(String type) {
    return ApiException.badRequest("InvalidResourceType",
        "The simulator tags ManagedInstance and Document resources, not " + type + ".");
  }

  private static Map<String, String> tagsOf(List<JsonArgs> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonArgs t : orEmptyList(tags)) {
      String key = t.string("Key");
      Constraints.required("tags.member.key", key);
      Constraints.length("tags.member.key", key, 1, 128);
      String value = t.string("Value");
      Constraints.required("tags.member.value", value);
      Constraints.maxLength("tags.member.value", value, 256);
      out.put(key, value);
    }
    return out;
  }

  private static List<Map<String, Object>> tagList(Map<String, String> tags) {
    List<Map<String, Object>> out = new ArrayList<>();
    tags.forEach((k, v) -> out.add(Map.of("Key", k, "Value", v)));
    return out;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static List<JsonArgs> orEmptyList(List<JsonArgs> list) {
    return list == null ? List.of() : list;
  }

  private static List<String> orEmptyStrings(List<String> list) {
    return list == null ? List.of() : list;
  }
}
