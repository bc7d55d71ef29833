package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.HostExecutor;
import io.fleetdeploy.fleet.HostOutput;
import io.fleetdeploy.hostplan.HostRunOutcome;
import io.fleetdeploy.hostplan.HostRunResultParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;
import software.amazon.awssdk.services.ssm.model.CommandInvocation;
import software.amazon.awssdk.services.ssm.model.CommandPlugin;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;

/**
 * Runs host plans through SSM Run Command with fleetdeploy's own document: at most 50 instances per
 * SendCommand (the service's limit), a Comment naming deployment, batch and chunk on every send
 * (SendCommand has no idempotency token: a restarted operator finds its earlier sends by it),
 * results read per command with ListCommandInvocations, and the full output fetched only for
 * instances whose result did not fit in the listing.
 *
 * <p>SendCommand refuses a whole call when one instance id is not a managed instance in a valid
 * state (shutting down or terminated, agent not running or not registered); such instances are
 * split off and reported as undelivered under an id of their own ({@value
 * HostExecutor#REFUSED_PREFIX}{@code <instance-id>}), so one instance gone from the fleet does not
 * hold up the others.
 *
 * <p>Earlier sends are looked up among the commands of every runner document, not only the current
 * one: after an operator upgrade (a new runner, so a new document name) the sends of the old one
 * are still found. They are looked up only after a restart, and bounded by the deployment's own
 * work: among one instance's commands for a one-instance send, else among the commands since the
 * batch started.
 *
 * <p>Polling costs calls per command of the deployment in flight, never per command of the account:
 * other deployments sending under the same runner document do not make it dearer (see {@link
 * #changedSinceListed}).
 */
public final class SsmHostExecutor implements HostExecutor {
  static final int MAX_IDS_PER_SEND = 50;
  static final int MAX_COMMENT_LENGTH = 100;

  /** How the listing's plugin output separates stdout from stderr, as the SSM agent writes it. */
  static final String ERROR_SEPARATOR = "\n----------ERROR-------\n";

  private static final String COMMENT_PREFIX = "fleetdeploy ";

  private final AwsClients aws;
  private final RunnerDocument document;

  /** Invocations that are done never change again: read each once. */
  private final Map<String, Map<String, Invocation>> finished = new ConcurrentHashMap<>();

  /**
   * How many instances each command targets, when known: a command whose all are done is not listed
   * again.
   */
  private final Map<String, Integer> targets = new ConcurrentHashMap<>();

  /** When each command was sent, and how many of its invocations had completed when last listed. */
  private final Map<String, Instant> sentAt = new ConcurrentHashMap<>();

  /**
   * The runner document each command ran, for the one ListCommands per document that polls them.
   */
  private final Map<String, String> documentOf = new ConcurrentHashMap<>();

  private final Map<String, Integer> completedWhenListed = new ConcurrentHashMap<>();

  /** The invocations as last listed, for commands not listed again because nothing changed. */
  private final Map<String, List<Invocation>> lastListed = new ConcurrentHashMap<>();

  /**
   * The sends this executor knows of, by batch (comment prefix): its own, and those it looked up
   * (made before a restart or by another replica) before sending the rest.
   */
  private final Map<String, List<Command>> ownSends = new ConcurrentHashMap<>();

  public SsmHostExecutor(AwsClients aws, RunnerDocument document) {
    this.aws = aws;
    this.document = document;
  }

  /** {@code fleetdeploy d-<uid> b3 c0}: at most 100 characters, as SSM allows. */
  static String comment(String deploymentId, int batch, int chunk) {
    return comment(deploymentId, batch, HostCommand.WHOLE, chunk);
  }

  /** {@code fleetdeploy d-<uid> b3p2 c0} for part 2 of batch 3 (sent in parts). */
  static String comment(String deploymentId, int batch, int part, int chunk) {
    return batchPrefix(deploymentId, batch, part) + chunk;
  }

  /**
   * What every send of one batch (one part of it, when sent in parts) starts with. A part's own
   * prefix, so that a restart finds each part's sends apart: no prefix is the start of another.
   */
  private static String batchPrefix(String deploymentId, int batch, int part) {
    return COMMENT_PREFIX
        + deploymentId
        + " b"
        + batch
        + (part == HostCommand.WHOLE ? "" : "p" + part)
        + " c";
  }

  @Override
  public List<String> send(HostCommand command, List<String> instanceIds) {
    return send(command, instanceIds, false);
  }

  @Override
  public List<String> sendMarkedHere(HostCommand command, List<String> instanceIds) {
    return send(command, instanceIds, true);
  }

  private List<String> send(HostCommand command, List<String> instanceIds, boolean markedHere) {
    String plan =
        Base64.getEncoder().encodeToString(command.planJson().getBytes(StandardCharsets.UTF_8));
    if (plan.length() > document.planCapacity()) {
      throw new FleetException(
          FleetError.INVALID_REQUEST,
          "the host plan of deployment "
              + command.deploymentId()
              + " is "
              + plan.length()
              + " bytes in base64, but SSM allows the runner document and its parameters"
              + " 64 KB together, which leaves "
              + document.planCapacity()
              + " bytes for the plan; make the AppSpec"
              + " smaller (fewer files, permissions or hooks)");
    }
    if (comment(command.deploymentId(), command.batch(), command.part(), 9999).length()
        > MAX_COMMENT_LENGTH) {
      throw new FleetException(
          FleetError.INVALID_REQUEST,
          "deployment id "
              + command.deploymentId()
              + " is too long for an SSM command comment (at most "
              + MAX_COMMENT_LENGTH
              + " characters)");
    }
    String documentName = document.ensure();
    List<Command> earlier =
        earlierSends(
            command.deploymentId(),
            command.batch(),
            command.part(),
            command.batchStart(),
            instanceIds,
            markedHere);
    Set<String> covered = new LinkedHashSet<>();
    List<String> commandIds = new ArrayList<>();
    int nextChunk = 0;
    for (Command c : earlier) {
      nextChunk = Math.max(nextChunk, chunkOf(c.comment()) + 1);
      if (c.instanceIds().stream().anyMatch(instanceIds::contains)) {
        commandIds.add(c.commandId());
        targets.put(c.commandId(), c.instanceIds().size());
        sentAt.put(
            c.commandId(), c.requestedDateTime() == null ? Instant.now() : c.requestedDateTime());
        if (c.documentName() != null) {
          documentOf.put(c.commandId(), c.documentName());
        }
        covered.addAll(c.instanceIds());
      }
    }
    List<String> missing =
        instanceIds.stream().distinct().filter(id -> !covered.contains(id)).toList();
    List<List<String>> chunks = new ArrayList<>();
    for (int from = 0; from < missing.size(); from += MAX_IDS_PER_SEND) {
      chunks.add(missing.subList(from, Math.min(missing.size(), from + MAX_IDS_PER_SEND)));
    }
    // Chunk numbers are fixed before any is sent, as the chunks go out side by side: a crash
    // leaves any of them sent, and a restart covers the rest under numbers after the highest.
    Send send = new Send(command, documentName, plan, nextChunk + chunks.size());
    int first = nextChunk;
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      numbers.add(first + i);
    }
    ParallelCalls.each(numbers, n -> send.toInstances(chunks.get(n - first), n))
        .forEach(commandIds::addAll);
    return List.copyOf(commandIds);
  }

  /** The sends of one {@link #send} call. */
  private final class Send {
    private final HostCommand command;
    private final String documentName;
    private final String plan;

    /** The chunk number of the next part of a chunk SSM refused and that is sent in halves. */
    private final AtomicInteger nextSplit;

    Send(HostCommand command, String documentName, String plan, int firstSplit) {
      this.command = command;
      this.documentName = documentName;
      this.plan = plan;
      this.nextSplit = new AtomicInteger(firstSplit);
    }

    /**
     * Sends to the instances under this chunk number; halves a refused set until the instances SSM
     * refuses are alone. Returns the command ids, in the instances' order.
     */
    List<String> toInstances(List<String> ids, int chunk) {
      String comment = comment(command.deploymentId(), command.batch(), command.part(), chunk);
      try {
        Command sent =
            AwsErrors.call(
                "SSM SendCommand " + comment + " to " + ids.size() + " instance(s)",
                () ->
                    aws.ssm()
                        .sendCommand(
                            b ->
                                b.documentName(documentName)
                                    .instanceIds(ids)
                                    .comment(comment)
                                    .applyMutation(b2 -> keepOutput(b2, command.output()))
                                    .timeoutSeconds(
                                        (int) Math.max(30, command.deliveryTimeout().toSeconds()))
                                    .parameters(
                                        Map.of(
                                            RunnerDocument.PLAN,
                                            List.of(plan),
                                            RunnerDocument.EXECUTION_TIMEOUT,
                                            List.of(
                                                Long.toString(
                                                    command.executionTimeout().toSeconds())))))
                        .command());
        targets.put(sent.commandId(), ids.size());
        sentAt.put(
            sent.commandId(),
            sent.requestedDateTime() == null ? Instant.now() : sent.requestedDateTime());
        documentOf.put(sent.commandId(), documentName);
        ownSends
            .computeIfAbsent(
                batchPrefix(command.deploymentId(), command.batch(), command.part()),
                k -> new CopyOnWriteArrayList<>())
            .add(sent);
        return List.of(sent.commandId());
      } catch (FleetException e) {
        if (!(e.getCause() instanceof InvalidInstanceIdException)) {
          throw e;
        }
        if (ids.size() == 1) {
          return List.of(REFUSED_PREFIX + ids.get(0));
        }
        int half = ids.size() / 2;
        List<String> out = new ArrayList<>(toInstances(ids.subList(0, half), chunk));
        out.addAll(toInstances(ids.subList(half, ids.size()), nextSplit.getAndIncrement()));
        return out;
      }
    }
  }

  /** SSM's own output options: where it keeps each host's full output. */
  private static void keepOutput(
      software.amazon.awssdk.services.ssm.model.SendCommandRequest.Builder b, HostOutput output) {
    output
        .cloudWatchLogGroup()
        .ifPresent(
            group ->
                b.cloudWatchOutputConfig(
                    c -> c.cloudWatchOutputEnabled(true).cloudWatchLogGroupName(group)));
    output.s3Bucket().ifPresent(b::outputS3BucketName);
    output.s3KeyPrefix().filter(p -> !p.isBlank()).ifPresent(b::outputS3KeyPrefix);
  }

  @Override
  public List<String> sentEarlier(String deploymentId, int batch, int part, Instant batchStart) {
    return earlierSends(deploymentId, batch, part, batchStart, List.of(), false).stream()
        .map(Command::commandId)
        .toList();
  }

  /**
   * Commands of this deployment and batch already sent, e.g. before a restart, oldest first. A send
   * to one instance (a stop before termination, a refused instance tried again, a OneAtATime batch)
   * is looked up among that instance's own commands; a larger one among the account's commands
   * since the batch started, which a restart in the middle of a batch bounds to the batch's
   * lifetime.
   */
  private List<Command> earlierSends(
      String deploymentId,
      int batch,
      int part,
      Instant batchStart,
      List<String> instanceIds,
      boolean markedHere) {
    String prefix = batchPrefix(deploymentId, batch, part);
    if (markedHere || ownSends.containsKey(prefix)) {
      // This process marked the batch, or already looked its sends up (and sent the rest): every
      // earlier send of it is one of its own, no need to ask SSM. Not a matter of time: with
      // shards, a batch marked after this executor started may have been sent by another replica
      // (a group taken over from a shard that was removed).
      return ownSends.getOrDefault(prefix, List.of());
    }
    // Whole seconds: the filter takes ISO-8601 times such as 2024-07-07T00:00:00Z; a minute of
    // margin for the operator's clock against the service's. No document filter: a send made by an
    // earlier operator version used that version's runner document.
    String after = batchStart.minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();
    CommandFilter invokedAfter =
        CommandFilter.builder().key(CommandFilterKey.INVOKED_AFTER).value(after).build();
    List<String> targets = instanceIds.stream().distinct().toList();
    String instance = targets.size() == 1 ? targets.get(0) : null;
    List<Command> out =
        new ArrayList<>(
            AwsErrors.call(
                "SSM ListCommands since " + after + (instance == null ? "" : " on " + instance),
                () ->
                    aws
                        .ssm()
                        .listCommandsPaginator(
                            b -> b.maxResults(50).instanceId(instance).filters(invokedAfter))
                        .commands()
                        .stream()
                        .filter(
                            c ->
                                c.comment() != null
                                    && c.comment().startsWith(prefix)
                                    && chunkOf(c.comment()) >= 0)
                        .filter(
                            c ->
                                c.documentName() == null
                                    || c.documentName().startsWith(RunnerDocument.NAME_PREFIX))
                        .toList()));
    out.sort(java.util.Comparator.comparingInt(c -> chunkOf(c.comment())));
    // From now on this executor knows every send of the batch: its own later ones join these.
    List<Command> known = ownSends.computeIfAbsent(prefix, k -> new CopyOnWriteArrayList<>());
    out.stream()
        .filter(c -> known.stream().noneMatch(k -> k.commandId().equals(c.commandId())))
        .forEach(known::add);
    return out;
  }

  private static int chunkOf(String comment) {
    String digits = comment.substring(comment.lastIndexOf(" c") + 2);
    return digits.matches("[0-9]{1,4}") ? Integer.parseInt(digits) : -1;
  }

  @Override
  public List<Invocation> invocations(Collection<String> commandIds) {
    Set<String> changed = changedSinceListed(commandIds);
    Map<String, List<Invocation>> byCommand = new java.util.HashMap<>();
    List<String> toList = new ArrayList<>();
    for (String commandId : commandIds) {
      if (commandId.startsWith(REFUSED_PREFIX)) {
        byCommand.put(commandId, List.of(refused(commandId)));
        continue;
      }
      Map<String, Invocation> done =
          finished.computeIfAbsent(commandId, k -> new ConcurrentHashMap<>());
      Integer targetCount = targets.get(commandId);
      if (targetCount != null && done.size() >= targetCount) {
        byCommand.put(commandId, List.copyOf(done.values()));
      } else if (!changed.contains(commandId) && lastListed.containsKey(commandId)) {
        byCommand.put(commandId, lastListed.get(commandId));
      } else {
        toList.add(commandId);
      }
    }
    // The commands that moved are listed side by side: a batch's hosts finish together, so after
    // a 5,000-instance batch 100 commands have moved at once.
    List<List<CommandInvocation>> listings =
        ParallelCalls.each(
            toList,
            commandId ->
                AwsErrors.call(
                    "SSM ListCommandInvocations " + commandId,
                    () ->
                        aws
                            .ssm()
                            .listCommandInvocationsPaginator(
                                b -> b.commandId(commandId).details(true).maxResults(50))
                            .commandInvocations()
                            .stream()
                            .toList()));
    for (int i = 0; i < toList.size(); i++) {
      String commandId = toList.get(i);
      Map<String, Invocation> done = finished.get(commandId);
      List<Invocation> now = new ArrayList<>();
      for (CommandInvocation listedInvocation : listings.get(i)) {
        Invocation known = done.get(listedInvocation.instanceId());
        if (known != null) {
          now.add(known);
          continue;
        }
        Invocation invocation = toInvocation(listedInvocation);
        if (invocation.state().done()) {
          invocation = withFullOutputIfCut(invocation);
          done.put(invocation.instanceId(), invocation);
        }
        now.add(invocation);
      }
      completedWhenListed.put(commandId, done.size());
      lastListed.put(commandId, now);
      byCommand.put(commandId, now);
    }
    List<Invocation> out = new ArrayList<>();
    for (String commandId : commandIds) {
      out.addAll(byCommand.getOrDefault(commandId, List.of()));
    }
    return out;
  }

  /**
   * Which of these commands have more completed invocations than when they were last listed, at a
   * cost that grows with this deployment's own commands in flight, never with what other
   * deployments send under the same runner document.
   *
   * <p>Per document, one ListCommands bounded by the first and the last send of the commands asked
   * about answers for all of them by their completed counts (a page per 50 commands sent in that
   * window, usually one); it reads at most as many pages as there are commands asked about, and a
   * command it did not reach is asked about by its id. So a poll costs at most two calls per own
   * command, and about one per poll when the account is quiet. Only commands that moved are then
   * listed instance by instance. Commands this executor did not send (an operator restarted) count
   * as changed.
   */
  private Set<String> changedSinceListed(Collection<String> commandIds) {
    Set<String> changed = new HashSet<>();
    Map<String, List<String>> watchedByDocument = new java.util.HashMap<>();
    for (String id : commandIds) {
      Integer targetCount = targets.get(id);
      boolean allDone =
          targetCount != null && finished.getOrDefault(id, Map.of()).size() >= targetCount;
      if (id.startsWith(REFUSED_PREFIX) || allDone) {
        continue;
      }
      Instant sent = sentAt.get(id);
      String documentName = documentOf.get(id);
      if (sent == null || documentName == null || !lastListed.containsKey(id)) {
        changed.add(id);
      } else {
        watchedByDocument.computeIfAbsent(documentName, k -> new ArrayList<>()).add(id);
      }
    }
    int watched = watchedByDocument.values().stream().mapToInt(List::size).sum();
    if (watched == 1) {
      // One command: listing its invocations costs the same one call, and says more.
      watchedByDocument.values().forEach(changed::addAll);
      return changed;
    }
    watchedByDocument.forEach(
        (documentName, ids) -> {
          Map<String, Integer> completed = completedCounts(documentName, ids);
          for (String id : ids) {
            if (completed.getOrDefault(id, 0) > completedWhenListed.getOrDefault(id, 0)) {
              changed.add(id);
            }
          }
        });
    return changed;
  }

  /** The completed count of each of these commands of one document, as ListCommands reports it. */
  private Map<String, Integer> completedCounts(String documentName, List<String> ids) {
    Instant oldest = ids.stream().map(sentAt::get).min(Instant::compareTo).orElseThrow();
    Instant newest = ids.stream().map(sentAt::get).max(Instant::compareTo).orElseThrow();
    CommandFilter document =
        CommandFilter.builder().key(CommandFilterKey.DOCUMENT_NAME).value(documentName).build();
    CommandFilter after =
        CommandFilter.builder()
            .key(CommandFilterKey.INVOKED_AFTER)
            .value(oldest.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString())
            .build();
    CommandFilter before =
        CommandFilter.builder()
            .key(CommandFilterKey.INVOKED_BEFORE)
            .value(newest.plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).toString())
            .build();
    Set<String> wanted = new HashSet<>(ids);
    Map<String, Integer> out = new java.util.HashMap<>();
    String token = null;
    int pages = 0;
    do {
      String page = token;
      var response =
          AwsErrors.call(
              "SSM ListCommands of " + documentName,
              () ->
                  aws.ssm()
                      .listCommands(
                          b -> b.maxResults(50).nextToken(page).filters(document, after, before)));
      pages++;
      for (Command c : response.commands()) {
        if (wanted.remove(c.commandId())) {
          out.put(c.commandId(), c.completedCount() == null ? 0 : c.completedCount());
        }
      }
      token = response.nextToken();
    } while (token != null && !wanted.isEmpty() && pages < ids.size());
    for (String id : wanted) {
      // Other deployments sent many commands in the same window: ask about this one alone.
      Command c =
          AwsErrors.call(
                  "SSM ListCommands " + id,
                  () ->
                      aws.ssm().listCommands(b -> b.commandId(id)).commands().stream().findFirst())
              .orElse(null);
      out.put(id, c == null || c.completedCount() == null ? 0 : c.completedCount());
    }
    return out;
  }

  private static Invocation refused(String commandId) {
    return new Invocation(
        commandId,
        commandId.substring(REFUSED_PREFIX.length()),
        InvocationState.REFUSED,
        "",
        "",
        "SSM refused to send to the instance (InvalidInstanceId): it is shutting down or terminated,"
            + " its SSM agent is not running or not registered, or the operator may not reach it",
        Instant.EPOCH);
  }

  /** The listing gives one plugin output: stdout, then stderr after the agent's separator. */
  private Invocation toInvocation(CommandInvocation i) {
    String output = "";
    String pluginName = null;
    for (CommandPlugin plugin : i.commandPlugins()) {
      output = plugin.output() == null ? "" : plugin.output();
      pluginName = plugin.name();
    }
    int separator = output.indexOf(ERROR_SEPARATOR);
    String stdout = separator < 0 ? output : output.substring(0, separator);
    String stderr = separator < 0 ? "" : output.substring(separator + ERROR_SEPARATOR.length());
    return new Invocation(
        i.commandId(),
        i.instanceId(),
        state(i.statusAsString(), i.statusDetails()),
        stdout,
        stderr,
        i.statusDetails() == null ? i.statusAsString() : i.statusDetails(),
        i.requestedDateTime() == null ? Instant.EPOCH : i.requestedDateTime(),
        SsmOutputNames.of(
            i.commandId(),
            i.instanceId(),
            pluginName,
            i.cloudWatchOutputConfig() != null
                && Boolean.TRUE.equals(i.cloudWatchOutputConfig().cloudWatchOutputEnabled()),
            i.cloudWatchOutputConfig() == null
                ? null
                : i.cloudWatchOutputConfig().cloudWatchLogGroupName(),
            i.standardErrorUrl()));
  }

  /**
   * The listing keeps only the first 2,500 characters of a plugin's output; a host's result (a
   * failed one carries its log tail) can be longer. When the result line does not read whole there,
   * that one invocation is read whole.
   */
  private Invocation withFullOutputIfCut(Invocation invocation) {
    boolean ranRunner =
        invocation.state() == InvocationState.SUCCEEDED
            || invocation.state() == InvocationState.FAILED
            || invocation.state() == InvocationState.TIMED_OUT;
    if (!ranRunner
        || HostRunResultParser.parse(invocation.stdout()) instanceof HostRunOutcome.Reported) {
      return invocation;
    }
    GetCommandInvocationResponse full =
        AwsErrors.call(
            "SSM GetCommandInvocation " + invocation.commandId() + " on " + invocation.instanceId(),
            () ->
                aws.ssm()
                    .getCommandInvocation(
                        b ->
                            b.commandId(invocation.commandId())
                                .instanceId(invocation.instanceId())));
    return new Invocation(
        invocation.commandId(),
        invocation.instanceId(),
        invocation.state(),
        full.standardOutputContent() == null ? "" : full.standardOutputContent(),
        full.standardErrorContent() == null ? "" : full.standardErrorContent(),
        invocation.detail(),
        invocation.requestedAt(),
        invocation.output());
  }

  static InvocationState state(String status, String details) {
    String detail = details == null ? "" : details;
    return switch (status == null ? "" : status) {
      case "Success" -> InvocationState.SUCCEEDED;
      case "Pending", "Delayed" -> InvocationState.PENDING;
      case "InProgress", "Cancelling" -> InvocationState.IN_PROGRESS;
      case "Cancelled" -> InvocationState.CANCELLED;
      case "TimedOut" ->
          detail.startsWith("Delivery") ? InvocationState.UNDELIVERED : InvocationState.TIMED_OUT;
      case "Failed" ->
          switch (detail) {
            case "Undeliverable", "DeliveryTimedOut", "Delivery Timed Out" ->
                InvocationState.UNDELIVERED;
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
    commandIds.forEach(
        id -> {
          finished.remove(id);
          targets.remove(id);
          sentAt.remove(id);
          documentOf.remove(id);
          completedWhenListed.remove(id);
          lastListed.remove(id);
        });
    ownSends.values().forEach(sends -> sends.removeIf(c -> commandIds.contains(c.commandId())));
    ownSends.values().removeIf(List::isEmpty);
  }

  @Override
  public void cancel(String commandId, Collection<String> instanceIds) {
    if (!commandId.startsWith(REFUSED_PREFIX)) {
      AwsErrors.run(
          "SSM CancelCommand " + commandId,
          () ->
              aws.ssm()
                  .cancelCommand(
                      b -> {
                        b.commandId(commandId);
                        if (!instanceIds.isEmpty()) {
                          b.instanceIds(instanceIds);
                        }
                      }));
    }
  }
}
