package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.IdGenerator;
import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
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
 * Run Command: SendCommand, ListCommands, ListCommandInvocations, GetCommandInvocation,
 * CancelCommand.
 */
final class RunCommandApi {
  private static final Pattern DOCUMENT_ARN = Pattern.compile("^[a-zA-Z0-9_\\-.:/]{3,128}$");
  private static final Pattern MAX_CONCURRENCY =
      Pattern.compile("^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$");
  private static final Pattern MAX_ERRORS =
      Pattern.compile("^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$");

  private final Fleet fleet;
  private final SimClock clock;
  private final IdGenerator ids;
  private final DocumentStore documents;
  private final CommandStore store;
  private final CommandScheduler scheduler;

  RunCommandApi(
      Fleet fleet,
      SimClock clock,
      IdGenerator ids,
      DocumentStore documents,
      CommandStore store,
      CommandScheduler scheduler) {
    this.fleet = fleet;
    this.clock = clock;
    this.ids = ids;
    this.documents = documents;
    this.store = store;
    this.scheduler = scheduler;
  }

  Map<String, Object> sendCommand(JsonArgs a) {
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
      throw ApiException.badRequest(
          "ValidationException",
          byIds
              ? "InstanceIds and Targets cannot be used in the same SendCommand request."
              : "SendCommand needs InstanceIds or Targets to say where the command runs.");
    }

    DocumentVersion document = documents.resolve(documentName, versionRequested, null);
    String hash = a.string("DocumentHash");
    if (hash != null) {
      boolean sha1 = "Sha1".equals(a.string("DocumentHashType"));
      if (!hash.equalsIgnoreCase(sha1 ? document.sha1() : document.sha256())) {
        throw ApiException.badRequest(
            "InvalidDocument",
            "The document hash "
                + hash
                + " does not match version "
                + document.version()
                + " of "
                + document.name()
                + ".");
      }
    }
    Map<String, List<String>> parameters = a.stringListMap("Parameters");
    ParameterBinder.checkSize(document, parameters);
    List<RenderedStep> steps =
        ParameterBinder.render(document.model(), ParameterBinder.bind(document, parameters));

    List<String> hosts = byIds ? checkTargets(instanceIds) : resolveTargets(targets);
    Instant now = clock.now();
    int deliveryTimeout = timeoutSeconds == null ? 3600 : timeoutSeconds;
    int longestStep = steps.stream().mapToInt(RenderedStep::timeoutSeconds).max().orElse(0);
    Map<String, Object> echoed = new LinkedHashMap<>();
    echoed.put(
        "OutputS3Region",
        a.string("OutputS3Region") == null ? fleet.region() : a.string("OutputS3Region"));
    echoed.put("OutputS3BucketName", orEmpty(a.string("OutputS3BucketName")));
    echoed.put("OutputS3KeyPrefix", orEmpty(a.string("OutputS3KeyPrefix")));
    echoed.put("ServiceRole", orEmpty(a.string("ServiceRoleArn")));
    Object notification = a.raw("NotificationConfig");
    echoed.put(
        "NotificationConfig",
        notification != null
            ? notification
            : Map.of(
                "NotificationArn", "", "NotificationEvents", List.of(), "NotificationType", ""));
    Object cloudWatch = a.raw("CloudWatchOutputConfig");
    echoed.put(
        "CloudWatchOutputConfig",
        cloudWatch != null
            ? cloudWatch
            : Map.of("CloudWatchLogGroupName", "", "CloudWatchOutputEnabled", false));

    List<Map<String, Object>> targetEcho = new ArrayList<>();
    if (byTargets) {
      for (JsonArgs t : targets) {
        targetEcho.add(
            Map.of(
                "Key",
                orEmpty(t.string("Key")),
                "Values",
                t.strings("Values") == null ? List.of() : t.strings("Values")));
      }
    }
    Command command;
    synchronized (store) {
      command =
          new Command(
              ids.uuid(),
              store.nextSeq(),
              document.name(),
              versionRequested,
              document.version(),
              orEmpty(comment),
              parameters,
              byIds ? List.copyOf(instanceIds) : List.of(),
              targetEcho,
              now,
              deliveryTimeout,
              maxConcurrency == null ? "50" : maxConcurrency,
              maxErrors == null ? "0" : maxErrors,
              now.plusSeconds(deliveryTimeout + (long) longestStep),
              echoed);
      for (String host : hosts) {
        List<PluginRun> plugins = steps.stream().map(PluginRun::new).toList();
        command.invocations.add(
            new Invocation(command, host, plugins, now.plusSeconds(deliveryTimeout)));
      }
      store.add(command);
    }
    scheduler.tick();
    synchronized (store) {
      return Map.of("Command", CommandJson.command(command));
    }
  }

  private List<String> checkTargets(List<String> instanceIds) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> invalid = new ArrayList<>();
    for (String id : instanceIds) {
      if (!seen.add(id)) {
        throw ApiException.badRequest(
            "DuplicateInstanceId", "Instance Id " + id + " is listed more than once.");
      }
      InstanceSnapshot host = fleet.find(id);
      if (host == null || !host.isSsmManaged()) {
        invalid.add(id);
      }
    }
    if (!invalid.isEmpty()) {
      throw ApiException.badRequest(
          "InvalidInstanceId",
          "Instances [" + invalid + "] not in a valid state for account " + fleet.accountId());
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
          throw ApiException.badRequest(
              "InvalidTarget",
              "Target key "
                  + key
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

  Map<String, Object> listCommands(JsonArgs a) {
    String commandId = a.string("CommandId");
    Constraints.length("commandId", commandId, 36, 36);
    String instanceId = a.string("InstanceId");
    Constraints.instanceId("instanceId", instanceId);
    Integer maxResults = a.integer("MaxResults");
    Constraints.range("maxResults", maxResults, 1, 50);
    int pageSize = maxResults == null ? 50 : maxResults;
    List<CommandFilter> filters = CommandFilter.parse(a.structs("Filters"), true);
    String nextToken = a.string("NextToken");
    long after = nextToken == null ? Long.MAX_VALUE : PageToken.decode("ListCommands", nextToken);
    synchronized (store) {
      if (commandId != null && store.find(commandId) == null) {
        throw ApiException.badRequest(
            "InvalidCommandId", "Command " + commandId + " does not exist.");
      }
      List<Map<String, Object>> page = new ArrayList<>();
      String token = null;
      for (Command c : candidates(commandId)) {
        if (c.seq >= after
            || (commandId != null && !c.id.equals(commandId))
            || (instanceId != null
                && c.invocations.stream().noneMatch(i -> i.instanceId.equals(instanceId)))
            || !filters.stream().allMatch(f -> f.matches(c))) {
          continue;
        }
        if (page.size() == pageSize) {
          token = PageToken.encode("ListCommands", c.seq + 1);
          break;
        }
        page.add(CommandJson.command(c));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("Commands", page);
      out.put("NextToken", token);
      return out;
    }
  }

  Map<String, Object> listCommandInvocations(JsonArgs a) {
    String commandId = a.string("CommandId");
    Constraints.length("commandId", commandId, 36, 36);
    String instanceId = a.string("InstanceId");
    Constraints.instanceId("instanceId", instanceId);
    Integer maxResults = a.integer("MaxResults");
    Constraints.range("maxResults", maxResults, 1, 50);
    int pageSize = maxResults == null ? 50 : maxResults;
    List<CommandFilter> filters = CommandFilter.parse(a.structs("Filters"), false);
    boolean details = a.bool("Details");
    String nextToken = a.string("NextToken");
    long resumeAt = nextToken == null ? -1 : PageToken.decode("ListCommandInvocations", nextToken);
    synchronized (store) {
      if (commandId != null && store.find(commandId) == null) {
        throw ApiException.badRequest(
            "InvalidCommandId", "Command " + commandId + " does not exist.");
      }
      List<Map<String, Object>> page = new ArrayList<>();
      String token = null;
      outer:
      for (Command c : candidates(commandId)) {
        if (commandId != null && !c.id.equals(commandId)) {
          continue;
        }
        for (int i = 0; i < c.invocations.size(); i++) {
          // Position: newest command first, then the order the instances were targeted in.
          long position = ((1L << 40) - c.seq) * 100_000L + i;
          Invocation inv = c.invocations.get(i);
          if (position < resumeAt
              || (instanceId != null && !inv.instanceId.equals(instanceId))
              || !filters.stream().allMatch(f -> f.matches(inv))) {
            continue;
          }
          if (page.size() == pageSize) {
            token = PageToken.encode("ListCommandInvocations", position);
            break outer;
          }
          page.add(CommandJson.invocation(inv, details));
        }
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("CommandInvocations", page);
      out.put("NextToken", token);
      return out;
    }
  }

  /**
   * The commands a list goes through, newest first: only the one named when a command id is given
   * (the operator lists by command id, and copying every command ever sent for each call would grow
   * with the account's history). Call under the store's lock, after checking the id exists.
   */
  private List<Command> candidates(String commandId) {
    return commandId != null ? List.of(store.find(commandId)) : store.newestFirst();
  }

  Map<String, Object> getCommandInvocation(JsonArgs a) {
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
        throw ApiException.badRequest(
            "InvalidCommandId", "Command " + commandId + " does not exist.");
      }
      Invocation inv =
          c.invocations.stream()
              .filter(i -> i.instanceId.equals(instanceId))
              .findFirst()
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "InvocationDoesNotExist",
                          "Command "
                              + commandId
                              + " has no invocation on instance "
                              + instanceId
                              + "."));
      PluginRun plugin;
      if (pluginName != null) {
        plugin =
            inv.plugins.stream()
                .filter(p -> p.step.name().equals(pluginName))
                .findFirst()
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "InvalidPluginName",
                            "Document "
                                + c.documentName
                                + " has no step named "
                                + pluginName
                                + "."));
      } else if (inv.plugins.size() == 1) {
        plugin = inv.plugins.get(0);
      } else {
        throw ApiException.badRequest(
            "InvalidPluginName",
            "Document "
                + c.documentName
                + " has "
                + inv.plugins.size()
                + " steps: name the one you want with PluginName.");
      }
      InvocationState state = pluginName != null ? plugin.state : inv.state;
      boolean finished = plugin.state.isTerminal();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("CommandId", c.id);
      out.put("InstanceId", inv.instanceId);
      out.put("Comment", c.comment);
      out.put("DocumentName", c.documentName);
      out.put("DocumentVersion", CommandJson.documentVersionOf(c));
      out.put("PluginName", plugin.step.name());
      out.put("ResponseCode", plugin.responseCode);
      out.put(
          "ExecutionStartDateTime", plugin.startTime == null ? "" : AwsTime.iso(plugin.startTime));
      Instant end = plugin.endTime != null ? plugin.endTime : clock.now();
      out.put(
          "ExecutionElapsedTime",
          plugin.startTime == null ? "" : Duration.between(plugin.startTime, end).toString());
      out.put("ExecutionEndDateTime", plugin.endTime == null ? "" : AwsTime.iso(plugin.endTime));
      out.put("Status", state.status());
      out.put("StatusDetails", state.details());
      out.put("StandardOutputContent", finished ? plugin.stdout : "");
      OutputConfig output = OutputConfig.of(c);
      out.put(
          "StandardOutputUrl", output.s3Url(c.id, inv.instanceId, plugin.step.name(), "stdout"));
      out.put("StandardErrorContent", finished ? plugin.stderr : "");
      out.put("StandardErrorUrl", output.s3Url(c.id, inv.instanceId, plugin.step.name(), "stderr"));
      out.put("CloudWatchOutputConfig", c.echoed.get("CloudWatchOutputConfig"));
      return out;
    }
  }

  Map<String, Object> cancelCommand(JsonArgs a) {
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
      throw ApiException.badRequest(
          "InvalidCommandId", "Command " + commandId + " does not exist.");
    }
    scheduler.cancel(c, instanceIds);
    return Map.of();
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
