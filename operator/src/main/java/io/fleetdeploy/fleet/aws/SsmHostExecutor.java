package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.HostExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;

/**
 * Runs host plans through SSM Run Command with fleetdeploy's own document: at most 50 instances
 * per SendCommand (the service's limit), a Comment naming deployment, batch and chunk on every
 * send (SendCommand has no idempotency token: a restarted operator finds its earlier sends by it),
 * results read per command with ListCommandInvocations, and the full output fetched only for
 * instances whose result did not fit in the listing.
 */
public final class SsmHostExecutor implements HostExecutor {
  static final int MAX_IDS_PER_SEND = 50;
  static final String RESULT_PREFIX = "FLEETDEPLOY-RESULT ";

  private final AwsClients aws;
  private final RunnerDocument document;
  /** Invocations that are done never change again: read each once. */
  private final Map<String, Map<String, Invocation>> finished = new ConcurrentHashMap<>();
  /** How many instances each command targets, when known: a command whose all are done is not listed again. */
  private final Map<String, Integer> targets = new ConcurrentHashMap<>();

  public SsmHostExecutor(AwsClients aws, RunnerDocument document) {
    this.aws = aws;
    this.document = document;
  }

  /** {@code fleetdeploy d-<uid> b3 c0}: at most 100 characters, as SSM allows. */
  static String comment(String deploymentId, int batch, int chunk) {
    return "fleetdeploy " + deploymentId + " b" + batch + " c" + chunk;
  }

  @Override
  public List<String> send(HostCommand command, List<String> instanceIds) {
    String documentName = document.ensure();
    Map<String, Command> earlier = earlierSends(documentName, command);
    String plan = Base64.getEncoder().encodeToString(command.planJson().getBytes(StandardCharsets.UTF_8));
    List<String> commandIds = new ArrayList<>();
    for (int chunk = 0; chunk * MAX_IDS_PER_SEND < instanceIds.size(); chunk++) {
      List<String> ids = instanceIds.subList(chunk * MAX_IDS_PER_SEND,
          Math.min(instanceIds.size(), (chunk + 1) * MAX_IDS_PER_SEND));
      String comment = comment(command.deploymentId(), command.batch(), chunk);
      Command sent = earlier.get(comment);
      if (sent == null) {
        sent = AwsErrors.call("SSM SendCommand " + comment, () -> aws.ssm().sendCommand(b -> b
            .documentName(documentName)
            .instanceIds(ids)
            .comment(comment)
            .timeoutSeconds((int) Math.max(30, command.deliveryTimeout().toSeconds()))
            .parameters(Map.of(RunnerDocument.PLAN, List.of(plan),
                RunnerDocument.EXECUTION_TIMEOUT, List.of(Long.toString(command.executionTimeout().toSeconds())))))
            .command());
      }
      commandIds.add(sent.commandId());
      targets.put(sent.commandId(), ids.size());
    }
    return commandIds;
  }

  /** Commands of this deployment and batch already sent, by comment, e.g. before a restart. */
  private Map<String, Command> earlierSends(String documentName, HostCommand command) {
    String prefix = "fleetdeploy " + command.deploymentId() + " b" + command.batch() + " c";
    Map<String, Command> out = new HashMap<>();
    AwsErrors.run("SSM ListCommands", () -> aws.ssm().listCommandsPaginator(b -> b
            .maxResults(50)
            .filters(CommandFilter.builder().key(CommandFilterKey.DOCUMENT_NAME).value(documentName).build(),
                CommandFilter.builder().key(CommandFilterKey.INVOKED_AFTER)
                    .value(command.deploymentStart().minusSeconds(60).toString()).build()))
        .commands()
        .forEach(c -> {
          if (c.comment() != null && c.comment().startsWith(prefix)) {
            out.put(c.comment(), c);
          }
        }));
    return out;
  }

  @Override
  public List<Invocation> invocations(Collection<String> commandIds) {
    List<Invocation> out = new ArrayList<>();
    for (String commandId : commandIds) {
      Map<String, Invocation> done = finished.computeIfAbsent(commandId, k -> new ConcurrentHashMap<>());
      Integer targetCount = targets.get(commandId);
      if (targetCount != null && done.size() >= targetCount) {
        out.addAll(done.values());
        continue;
      }
      List<CommandInvocation> listed = AwsErrors.call("SSM ListCommandInvocations " + commandId, () ->
          aws.ssm().listCommandInvocationsPaginator(b -> b.commandId(commandId).details(true).maxResults(50))
              .commandInvocations().stream().toList());
      for (CommandInvocation listedInvocation : listed) {
        Invocation known = done.get(listedInvocation.instanceId());
        if (known != null) {
          out.add(known);
          continue;
        }
        Invocation invocation = toInvocation(listedInvocation);
        if (invocation.state().done()) {
          invocation = withFullOutputIfCut(invocation, listedInvocation);
          done.put(invocation.instanceId(), invocation);
        }
        out.add(invocation);
      }
    }
    return out;
  }

  private Invocation toInvocation(CommandInvocation i) {
    String stdout = "";
    String stderr = "";
    for (CommandPlugin plugin : i.commandPlugins()) {
      stdout = plugin.output() == null ? "" : plugin.output();
    }
    return new Invocation(i.commandId(), i.instanceId(), state(i.statusAsString(), i.statusDetails()), stdout, stderr,
        i.statusDetails() == null ? i.statusAsString() : i.statusDetails(),
        i.requestedDateTime() == null ? Instant.EPOCH : i.requestedDateTime());
  }

  /**
   * The listing keeps only the first 2,500 characters of a plugin's output; a failed host's result
   * (with its log tail) can be longer, so read that one invocation whole.
   */
  private Invocation withFullOutputIfCut(Invocation invocation, CommandInvocation listed) {
    boolean complete = invocation.stdout().lines().anyMatch(l -> l.startsWith(RESULT_PREFIX) && l.strip().endsWith("}"));
    boolean ranRunner = invocation.state() == InvocationState.SUCCEEDED || invocation.state() == InvocationState.FAILED
        || invocation.state() == InvocationState.TIMED_OUT;
    if (complete && invocation.state() == InvocationState.SUCCEEDED || !ranRunner) {
      return invocation;
    }
    GetCommandInvocationResponse full = AwsErrors.call("SSM GetCommandInvocation " + listed.commandId(), () ->
        aws.ssm().getCommandInvocation(b -> b.commandId(listed.commandId()).instanceId(listed.instanceId())));
    return new Invocation(invocation.commandId(), invocation.instanceId(), invocation.state(),
        full.standardOutputContent() == null ? "" : full.standardOutputContent(),
        full.standardErrorContent() == null ? "" : full.standardErrorContent(),
        invocation.detail(), invocation.requestedAt());
  }

  static InvocationState state(String status, String details) {
    String detail = details == null ? "" : details;
    return switch (status == null ? "" : status) {
      case "Success" -> InvocationState.SUCCEEDED;
      case "Pending", "Delayed" -> InvocationState.PENDING;
      case "InProgress", "Cancelling" -> InvocationState.IN_PROGRESS;
      case "Cancelled" -> InvocationState.CANCELLED;
      case "TimedOut" -> detail.startsWith("Delivery") ? InvocationState.UNDELIVERED : InvocationState.TIMED_OUT;
      case "Failed" -> switch (detail) {
        case "Undeliverable", "DeliveryTimedOut", "Delivery Timed Out" -> InvocationState.UNDELIVERED;
        case "Terminated", "InstanceTerminated" -> InvocationState.TERMINATED;
        default -> InvocationState.FAILED;
      };
      case "Undeliverable" -> InvocationState.UNDELIVERED;
      case "Terminated" -> InvocationState.TERMINATED;
      default -> InvocationState.FAILED;
    };
  }

  @Override
  public void forget(Collection<String> commandIds) {
    commandIds.forEach(id -> {
      finished.remove(id);
      targets.remove(id);
    });
  }

  @Override
  public void cancel(Collection<String> commandIds) {
    for (String id : commandIds) {
      AwsErrors.run("SSM CancelCommand " + id, () -> aws.ssm().cancelCommand(b -> b.commandId(id)));
    }
  }
}
