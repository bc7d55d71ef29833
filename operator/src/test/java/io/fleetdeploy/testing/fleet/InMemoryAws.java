package io.fleetdeploy.testing.fleet;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.HostExecutor.InvocationState;
import io.fleetdeploy.fleet.HostOutput;
import io.fleetdeploy.fleet.InstanceState;
import io.fleetdeploy.fleet.LifecycleHooks;
import io.fleetdeploy.fleet.OutputLocation;
import io.fleetdeploy.hostplan.HostPlan;
import io.fleetdeploy.hostplan.HostPlanCodec;
import io.fleetdeploy.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS side of the in-memory fleet: instances, Auto Scaling groups with their lifecycle hooks,
 * Run Command commands and their per-instance invocations, bundles. It is what survives an operator
 * crash; the operator's view of it ({@link InMemoryFleetServices}) is made anew per incarnation.
 * Everything moves with the {@link MutableClock}: commands are picked up, run and finish, hooks
 * time out, when the clock passes their moment. Hosts do what their {@link HostBehaviour} says, and
 * keep the runner's replay guard: a host that already ran a deployment repeats its result instead
 * of running it again. Tests read what really happened: {@link #runs}, {@link #sends}, {@link
 * #calls}.
 */
public final class InMemoryAws {
  /**
   * Auto Scaling's limit on how long a lifecycle action may be kept waiting: 100 times the hook's
   * heartbeat timeout, at most 48 hours, heartbeats or not.
   */
  static final int MAX_TIMEOUTS = 100;

  static final Duration MAX_HOOK_WAIT = Duration.ofHours(48);

  final MutableClock clock;
  private final Map<String, Instance> instances = new LinkedHashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, Command> commands = new LinkedHashMap<>();

  /**
   * Hosts' full output that SSM's output options kept, by "logs:group|stream" or "s3:bucket|key".
   */
  private final Map<String, String> keptOutput = new HashMap<>();

  private final Map<String, List<BundleVersion>> bundles = new HashMap<>();
  private final Map<String, AtomicInteger> calls = new TreeMap<>();
  private final Map<String, Integer> failNext = new HashMap<>();
  private final Map<String, Runnable> beforeNext = new HashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private HostBehaviour defaultBehaviour = HostBehaviour.succeedAfter(Duration.ofSeconds(2));
  private EffectGate gate = EffectGate.OPEN;
  private boolean replaceAbandoned;
  private final InMemoryTraffic traffic;
  private final InMemoryTopics topics = new InMemoryTopics();

  public InMemoryAws(MutableClock clock) {
    this.clock = clock;
    this.traffic = new InMemoryTraffic(clock);
  }

  /** The plan of the last command sent to the instance. */
  public synchronized HostPlan lastPlan(String instanceId) {
    HostPlan last = null;
    for (Command c : commands.values()) {
      if (c.invocations.containsKey(instanceId)) {
        last = c.plan;
      }
    }
    return last;
  }

  /** The load balancers and alarms. */
  public InMemoryTraffic traffic() {
    return traffic;
  }

  /** The SNS topics of this account. */
  public InMemoryTopics topics() {
    return topics;
  }

  // ------------------------------------------------------------------ set-up, as tests script it

  /** Adds running instances with these tags (and AZs a, b, c in turn); returns their ids. */
  public synchronized List<String> addInstances(int count, Map<String, String> tags) {
    List<String> added = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      added.add(add(null, tags).id);
    }
    return added;
  }

  /**
   * An Auto Scaling group with {@code size} members in service (tagged like its launch template).
   */
  public synchronized List<String> addAutoScalingGroup(
      String name, int size, Map<String, String> tags) {
    groups.put(name, new Group(name, new HashMap<>(tags)));
    List<String> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Instance instance = add(name, tags);
      instance.lifecycleState = "InService";
      members.add(instance.id);
    }
    return members;
  }

  /**
   * Auto Scaling launches one instance into the group; it waits in the group's launch hooks, if
   * any.
   */
  public synchronized String scaleOut(String group) {
    Group g = requireGroup(group);
    Instance instance = add(group, g.tags);
    enterHooks(g, instance, LifecycleHooks.Transition.LAUNCHING, "Pending:Wait", "InService");
    return instance.id;
  }

  /** Auto Scaling takes an instance out; it waits in the group's termination hooks, if any. */
  public synchronized void scaleIn(String instanceId) {
    Instance instance = requireInstance(instanceId);
    Group g = requireGroup(instance.group);
    enterHooks(g, instance, LifecycleHooks.Transition.TERMINATING, "Terminating:Wait", null);
    if (instance.waits.isEmpty()) {
      terminate(instance);
    }
  }

  public synchronized void terminate(String instanceId) {
    terminate(requireInstance(instanceId));
  }

  public synchronized void stop(String instanceId) {
    requireInstance(instanceId).state = InstanceState.STOPPED;
  }

  /** The instance's SSM agent registers only at {@code when}: until then SendCommand refuses it. */
  public synchronized void registerWithSsmAt(String instanceId, Instant when) {
    requireInstance(instanceId).ssmOnlineAt = when;
  }

  public synchronized void behaviour(String instanceId, HostBehaviour behaviour) {
    requireInstance(instanceId).behaviour = behaviour;
  }

  /** How hosts without a behaviour of their own run deployments. */
  public synchronized void defaultBehaviour(HostBehaviour behaviour) {
    this.defaultBehaviour = behaviour;
  }

  /**
   * Whether Auto Scaling replaces an instance whose launch was abandoned (as a real group at its
   * desired size does).
   */
  public synchronized void replaceAbandonedInstances(boolean replace) {
    this.replaceAbandoned = replace;
  }

  public synchronized void gate(EffectGate gate) {
    this.gate = gate;
  }

  /**
   * The next {@code times} calls of {@code operation} (e.g. "ssm:SendCommand") fail with {@code
   * error}.
   */
  public synchronized void failNext(String operation, int times) {
    failNext.put(operation, times);
  }

  /** Runs {@code action} once, just before the next call of {@code operation} (e.g. to race it). */
  public synchronized void beforeNext(String operation, Runnable action) {
    beforeNext.put(operation, action);
  }

  /** Heartbeats recorded for the instance, over all its waits. */
  public synchronized int heartbeats(String instanceId) {
    return requireInstance(instanceId).heartbeatsRecorded;
  }

  /** Stores a bundle; returns its version id. */
  public synchronized String putBundle(String bucket, String key, byte[] bytes) {
    List<BundleVersion> versions =
        bundles.computeIfAbsent(bucket + "/" + key, k -> new ArrayList<>());
    BundleVersion version = new BundleVersion("v" + (versions.size() + 1), bytes.clone());
    versions.add(version);
    return version.versionId;
  }

  // ------------------------------------------------------------------ what happened

  /** How many times the host really ran (hooks, not a replay) the deployment with this id. */
  public synchronized int runs(String deploymentId, String instanceId) {
    // A deployment sent in parts ran once when each part ran once.
    return requireInstance(instanceId).runs.entrySet().stream()
        .filter(
            e -> e.getKey().equals(deploymentId) || e.getKey().startsWith(deploymentId + ".part"))
        .mapToInt(Map.Entry::getValue)
        .max()
        .orElse(0);
  }

  /** How many invocations of the deployment with this id were sent to the instance. */
  public synchronized int sends(String deploymentId, String instanceId) {
    int count = 0;
    for (Command c : commands.values()) {
      if (c.plan.deploymentId().equals(deploymentId) && c.invocations.containsKey(instanceId)) {
        count++;
      }
    }
    return count;
  }

  /** The plans of the deployment with this id sent to the instance, in the order they were sent. */
  public synchronized List<HostPlan> plans(String deploymentId, String instanceId) {
    List<HostPlan> out = new ArrayList<>();
    for (Command c : commands.values()) {
      if (c.plan.deploymentId().equals(deploymentId) && c.invocations.containsKey(instanceId)) {
        out.add(c.plan);
      }
    }
    return out;
  }

  /**
   * How many invocations of each part of the deployment with this id were sent to the instance
   * (part 0: a plan with every event).
   */
  public synchronized Map<Integer, Integer> sendsPerPart(String deploymentId, String instanceId) {
    Map<Integer, Integer> out = new TreeMap<>();
    for (HostPlan plan : plans(deploymentId, instanceId)) {
      out.merge(plan.part().map(p -> p.number()).orElse(0), 1, Integer::sum);
    }
    return out;
  }

  /**
   * Every (deployment id, instance) a host ran, with how many times; a part of a deployment sent in
   * parts counts on its own ({@code <deployment id>.part<n>}).
   */
  public synchronized Map<String, Integer> allRuns() {
    Map<String, Integer> out = new TreeMap<>();
    instances.values().forEach(i -> i.runs.forEach((d, n) -> out.put(d + " " + i.id, n)));
    return out;
  }

  /** The digest of the revision the host last installed successfully, if any. */
  public synchronized Optional<String> revisionOn(String instanceId) {
    return Optional.ofNullable(requireInstance(instanceId).revision);
  }

  public synchronized int calls(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  public synchronized Map<String, Integer> allCalls() {
    Map<String, Integer> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Invocations of this instance still waiting for the agent or running. */
  public synchronized long activeInvocations(String instanceId) {
    advance();
    return commands.values().stream()
        .map(c -> c.invocations.get(instanceId))
        .filter(i -> i != null && !i.state.done())
        .count();
  }

  public synchronized String lifecycleState(String instanceId) {
    advance();
    return requireInstance(instanceId).lifecycleState;
  }

  public synchronized InstanceState state(String instanceId) {
    advance();
    return requireInstance(instanceId).state;
  }

  /** Members of the group in service (not waiting, not leaving). */
  public synchronized List<String> inService(String group) {
    advance();
    return instances.values().stream()
        .filter(
            i ->
                group.equals(i.group)
                    && "InService".equals(i.lifecycleState)
                    && i.state == InstanceState.RUNNING)
        .map(i -> i.id)
        .toList();
  }

  /** The hooks on a group, by name. */
  public synchronized Map<String, LifecycleHooks.Hook> hooksOn(String group) {
    return Map.copyOf(requireGroup(group).hooks);
  }

  /** Removes or changes a hook behind the operator's back. */
  public synchronized void putHook(LifecycleHooks.Hook hook) {
    requireGroup(hook.autoScalingGroup()).hooks.put(hook.name(), hook);
  }

  public synchronized void removeHook(String group, String name) {
    requireGroup(group).hooks.remove(name);
  }

  /** Lifecycle actions completed, as "instance hook RESULT" (timeouts say "(timeout)"). */
  public synchronized List<String> completions() {
    return List.copyOf(completions);
  }

  private final List<String> completions = new ArrayList<>();

  // ------------------------------------------------------------------ the service side, for the
  // ports

  /** Every port call goes through here: counted, failed when told to, gated for crash points. */
  void call(String operation) {
    Runnable action;
    synchronized (this) {
      action = beforeNext.remove(operation);
    }
    if (action != null) {
      action.run();
    }
    callGated(operation);
  }

  private synchronized void callGated(String operation) {
    gate.before(operation);
    calls.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    Integer failures = failNext.get(operation);
    if (failures != null && failures > 0) {
      failNext.put(operation, failures - 1);
      throw new FleetException(FleetError.THROTTLED, operation + ": Rate exceeded (injected)");
    }
  }

  synchronized void called(String operation) {
    gate.after(operation);
  }

  synchronized Instant now() {
    return clock.instant();
  }

  synchronized List<FleetInstance> allInstances() {
    advance();
    return instances.values().stream().map(Instance::view).toList();
  }

  synchronized Map<String, FleetInstance> describe(Collection<String> ids) {
    advance();
    Map<String, FleetInstance> out = new LinkedHashMap<>();
    for (String id : ids) {
      Instance instance = instances.get(id);
      if (instance != null) {
        out.put(id, instance.view());
      }
    }
    return out;
  }

  /** SendCommand: refuses instances SSM would (not registered, shutting down, terminated). */
  synchronized SendOutcome sendCommand(
      String comment,
      String planJson,
      List<String> instanceIds,
      Duration deliveryTimeout,
      Duration executionTimeout) {
    return sendCommand(
        comment, planJson, instanceIds, deliveryTimeout, executionTimeout, HostOutput.NONE);
  }

  /**
   * SendCommand with SSM's output options: each host's full output is kept where {@code output}
   * says, under the names {@link #outputLocation} gives.
   */
  synchronized SendOutcome sendCommand(
      String comment,
      String planJson,
      List<String> instanceIds,
      Duration deliveryTimeout,
      Duration executionTimeout,
      HostOutput output) {
    advance();
    List<String> refused = new ArrayList<>();
    List<String> accepted = new ArrayList<>();
    for (String id : instanceIds) {
      Instance instance = instances.get(id);
      boolean valid =
          instance != null
              && instance.state != InstanceState.TERMINATED
              && instance.state != InstanceState.SHUTTING_DOWN
              && !clock.instant().isBefore(instance.ssmOnlineAt);
      (valid ? accepted : refused).add(id);
    }
    if (accepted.isEmpty()) {
      return new SendOutcome(Optional.empty(), refused);
    }
    Command command =
        new Command(
            "cmd-" + ids.incrementAndGet(),
            comment,
            HostPlanCodec.fromJson(planJson),
            clock.instant(),
            deliveryTimeout,
            executionTimeout,
            output);
    accepted.forEach(id -> command.invocations.put(id, new Invocation(id)));
    traffic.sent(accepted, command.plan.events());
    commands.put(command.id, command);
    return new SendOutcome(Optional.of(command.id), refused);
  }

  record SendOutcome(Optional<String> commandId, List<String> refused) {}

  /** ListCommands by comment prefix, oldest first, as the executor's recovery uses it. */
  synchronized List<CommandView> commandsWithCommentPrefix(String prefix) {
    return commands.values().stream()
        .filter(c -> c.comment.startsWith(prefix))
        .map(Command::view)
        .toList();
  }

  synchronized Optional<CommandView> command(String id) {
    advance();
    return Optional.ofNullable(commands.get(id)).map(Command::view);
  }

  /** Cancels the invocations of these instances (all when empty) that have not finished. */
  synchronized void cancel(String commandId, Collection<String> instanceIds) {
    advance();
    Command command = commands.get(commandId);
    if (command == null) {
      return;
    }
    command.invocations.values().stream()
        .filter(i -> instanceIds.isEmpty() || instanceIds.contains(i.instanceId))
        .filter(i -> !i.state.done())
        .forEach(
            i -> {
              i.state = InvocationState.CANCELLED;
              i.detail =
                  i.startedAt == null
                      ? "Cancelled before the agent picked it up"
                      : "Cancelled while running";
              i.stdout = i.startedAt == null ? "" : "fleetdeploy-runner: cancelled\n";
            });
  }

  synchronized List<LifecycleHooks.Hook> hooks(String group) {
    Group g = groups.get(group);
    if (g == null) {
      throw new FleetException(
          FleetError.AUTO_SCALING_CONFIGURATION, "Auto Scaling group " + group + " not found");
    }
    return List.copyOf(g.hooks.values());
  }

  synchronized void putHookByOperator(LifecycleHooks.Hook hook) {
    hooks(hook.autoScalingGroup());
    groups.get(hook.autoScalingGroup()).hooks.put(hook.name(), hook);
  }

  synchronized void removeHookByOperator(String group, String name) {
    Group g = groups.get(group);
    if (g == null) {
      return;
    }
    g.hooks.remove(name);
    // Deleting a hook completes its outstanding actions with its default result, as Auto Scaling
    // does.
    for (Instance instance : List.copyOf(instances.values())) {
      Wait wait = instance.waits.get(name);
      if (wait != null) {
        finishWait(instance, wait, wait.hook.defaultResult(), "(hook deleted)");
      }
    }
  }

  synchronized List<LifecycleHooks.WaitingInstance> waiting(String group) {
    hooks(group);
    advance();
    return instances.values().stream()
        .filter(i -> group.equals(i.group) && !i.waits.isEmpty())
        .map(
            i ->
                new LifecycleHooks.WaitingInstance(
                    group,
                    i.id,
                    i.waits.values().iterator().next().hook.transition(),
                    i.lifecycleState))
        .toList();
  }

  synchronized void heartbeat(String group, String hookName, String instanceId) {
    advance();
    Wait wait = waitOf(group, hookName, instanceId);
    requireInstance(instanceId).heartbeatsRecorded++;
    wait.deadline = clock.instant().plus(wait.hook.heartbeatTimeout());
  }

  synchronized void complete(
      String group, String hookName, String instanceId, LifecycleHooks.Result result) {
    advance();
    Instance instance = requireInstance(instanceId);
    finishWait(instance, waitOf(group, hookName, instanceId), result, "");
  }

  // ------------------------------------------------------------------ time

  /** Brings everything to the clock's time: pickups, runs ending, hook timeouts. */
  synchronized void advance() {
    Instant now = clock.instant();
    for (Instance instance : List.copyOf(instances.values())) {
      for (Wait wait : List.copyOf(instance.waits.values())) {
        Duration most = wait.hook.heartbeatTimeout().multipliedBy(MAX_TIMEOUTS);
        Instant hardLimit =
            wait.since.plus(most.compareTo(MAX_HOOK_WAIT) < 0 ? most : MAX_HOOK_WAIT);
        if (!now.isBefore(wait.deadline) || !now.isBefore(hardLimit)) {
          finishWait(instance, wait, wait.hook.defaultResult(), "(timeout)");
        }
      }
    }
    for (Command command : commands.values()) {
      for (Invocation invocation : command.invocations.values()) {
        step(command, invocation, now);
      }
    }
  }

  private void step(Command command, Invocation invocation, Instant now) {
    if (invocation.state.done()) {
      return;
    }
    Instance instance = instances.get(invocation.instanceId);
    if (invocation.startedAt == null) {
      boolean agentOnline =
          instance.state == InstanceState.RUNNING && !now.isBefore(instance.ssmOnlineAt);
      HostBehaviour.HostRun run =
          invocation.run != null
              ? invocation.run
              : (instance.behaviour != null ? instance.behaviour : defaultBehaviour)
                  .run(instance.id, command.plan);
      invocation.run = run;
      Instant pickup = command.requestedAt.plus(run.pickup());
      boolean picksUp =
          agentOnline
              && !(run.outcome() instanceof HostBehaviour.Outcome.NeverPickedUp)
              && !now.isBefore(pickup);
      if (!picksUp) {
        if (!now.isBefore(command.requestedAt.plus(command.deliveryTimeout))) {
          invocation.state =
              instance.state == InstanceState.TERMINATED
                  ? InvocationState.TERMINATED
                  : InvocationState.UNDELIVERED;
          invocation.detail =
              instance.state == InstanceState.TERMINATED ? "Terminated" : "Delivery Timed Out";
        }
        return;
      }
      invocation.startedAt = pickup;
      invocation.state = InvocationState.IN_PROGRESS;
      invocation.replay = instance.results.containsKey(resultKey(command.plan));
      if (!invocation.replay) {
        instance.runs.merge(resultKey(command.plan), 1, Integer::sum);
        traffic.ran(instance.id, command.plan.events());
      }
    }
    if (instance.state == InstanceState.TERMINATED) {
      invocation.state = InvocationState.TERMINATED;
      invocation.detail = "Terminated";
      return;
    }
    Instant end =
        invocation.startedAt.plus(invocation.replay ? Duration.ZERO : invocation.run.duration());
    if (now.isBefore(end)) {
      if (!now.isBefore(invocation.startedAt.plus(command.executionTimeout))) {
        invocation.state = InvocationState.TIMED_OUT;
        invocation.detail = "Execution Timed Out";
      }
      return;
    }
    finish(command, invocation, instance, end);
  }

  private void finish(Command command, Invocation invocation, Instance instance, Instant end) {
    HostPlan plan = command.plan;
    if (invocation.replay) {
      RunnerResult earlier = instance.results.get(resultKey(plan));
      invocation.state = earlier.succeeded() ? InvocationState.SUCCEEDED : InvocationState.FAILED;
      invocation.stdout = earlier.replayLine();
      invocation.detail = invocation.state == InvocationState.SUCCEEDED ? "Success" : "Failed";
      return;
    }
    HostBehaviour.Outcome outcome = invocation.run.outcome();
    if (outcome instanceof HostBehaviour.Outcome.TerminatedWhileRunning) {
      terminate(instance);
      invocation.state = InvocationState.TERMINATED;
      invocation.detail = "Terminated";
      return;
    }
    if (outcome instanceof HostBehaviour.Outcome.NoResult noResult) {
      invocation.state = InvocationState.FAILED;
      invocation.stdout = noResult.stdout();
      invocation.detail = "Failed";
      return;
    }
    RunnerResult result =
        RunnerResult.of(plan, outcome, invocation.startedAt, end)
            .after(earlierPart(instance, plan));
    instance.results.put(resultKey(plan), result);
    OutputLocation where = outputLocation(command.output, command.id, invocation.instanceId);
    where
        .logStream()
        .ifPresent(s -> keptOutput.put("logs:" + where.logGroup().get() + "|" + s, result.log()));
    where
        .s3Key()
        .ifPresent(k -> keptOutput.put("s3:" + where.s3Bucket().get() + "|" + k, result.log()));
    if (result.succeeded() && plan.events().contains("Install")) {
      instance.revision = plan.revision().sha256();
    }
    invocation.state = result.succeeded() ? InvocationState.SUCCEEDED : InvocationState.FAILED;
    invocation.stdout = result.line();
    invocation.detail = result.succeeded() ? "Success" : "Failed";
  }

  /** As the runner keeps results: per deployment, or per part of a deployment sent in parts. */
  private static String resultKey(HostPlan plan) {
    return plan.deploymentId() + plan.part().map(p -> ".part" + p.number()).orElse("");
  }

  /** The result of the latest earlier part of the plan's deployment on the host, if any. */
  private static java.util.Optional<RunnerResult> earlierPart(Instance instance, HostPlan plan) {
    if (plan.part().isEmpty()) {
      return java.util.Optional.empty();
    }
    for (int part = plan.part().get().number() - 1; part >= 1; part--) {
      RunnerResult earlier = instance.results.get(plan.deploymentId() + ".part" + part);
      if (earlier != null) {
        return java.util.Optional.of(earlier);
      }
    }
    return java.util.Optional.empty();
  }

  /** Where SSM keeps one instance's output of a command sent with these options. */
  static OutputLocation outputLocation(HostOutput output, String commandId, String instanceId) {
    String step = "fleetdeployRunner";
    Optional<String> stream =
        output.cloudWatchLogGroup().map(g -> commandId + "/" + instanceId + "/" + step + "/stderr");
    Optional<String> key =
        output
            .s3Bucket()
            .map(
                b ->
                    output.s3KeyPrefix().map(p -> p + "/").orElse("")
                        + commandId
                        + "/"
                        + instanceId
                        + "/awsrunShellScript/"
                        + step
                        + "/stderr");
    return new OutputLocation(output.cloudWatchLogGroup(), stream, output.s3Bucket(), key);
  }

  /** The output kept at a location (CloudWatch first), as GetLogEvents or GetObject read it. */
  synchronized Optional<String> keptOutput(OutputLocation where) {
    if (where.inCloudWatch()) {
      String text =
          keptOutput.get("logs:" + where.logGroup().get() + "|" + where.logStream().get());
      if (text != null) {
        return Optional.of(text);
      }
    }
    if (where.inS3()) {
      return Optional.ofNullable(
          keptOutput.get("s3:" + where.s3Bucket().get() + "|" + where.s3Key().get()));
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ internals

  private Instance add(String group, Map<String, String> tags) {
    int n = ids.incrementAndGet();
    Instance instance =
        new Instance(
            String.format("i-%017x", 0x100000L + n),
            "eu-west-1" + "abc".charAt(n % 3),
            new HashMap<>(tags),
            group,
            clock.instant());
    instances.put(instance.id, instance);
    return instance;
  }

  private void enterHooks(
      Group g,
      Instance instance,
      LifecycleHooks.Transition transition,
      String waitingState,
      String doneState) {
    for (LifecycleHooks.Hook hook : g.hooks.values()) {
      if (hook.transition() == transition) {
        instance.waits.put(hook.name(), new Wait(hook, clock.instant()));
      }
    }
    instance.lifecycleState = instance.waits.isEmpty() ? doneState : waitingState;
    instance.leaving = transition == LifecycleHooks.Transition.TERMINATING;
  }

  private void finishWait(Instance instance, Wait wait, LifecycleHooks.Result result, String note) {
    instance.waits.remove(wait.hook.name());
    completions.add(
        instance.id + " " + wait.hook.name() + " " + result + (note.isEmpty() ? "" : " " + note));
    if (instance.leaving) {
      if (instance.waits.isEmpty()) {
        terminate(instance);
      }
      return;
    }
    if (result == LifecycleHooks.Result.ABANDON) {
      instance.waits.clear();
      terminate(instance);
      if (replaceAbandoned && instance.group != null) {
        Group g = groups.get(instance.group);
        Instance replacement = add(g.name, g.tags);
        enterHooks(
            g, replacement, LifecycleHooks.Transition.LAUNCHING, "Pending:Wait", "InService");
      }
    } else if (instance.waits.isEmpty()) {
      instance.lifecycleState = "InService";
    }
  }

  private void terminate(Instance instance) {
    instance.state = InstanceState.TERMINATED;
    instance.lifecycleState = instance.group == null ? null : "Terminated";
    instance.waits.clear();
  }

  private Wait waitOf(String group, String hookName, String instanceId) {
    Instance instance = requireInstance(instanceId);
    Wait wait = instance.waits.get(hookName);
    if (!group.equals(instance.group) || wait == null) {
      throw new FleetException(
          FleetError.INVALID_REQUEST,
          "No active lifecycle action found with instance ID "
              + instanceId
              + " for hook "
              + hookName);
    }
    return wait;
  }

  private Instance requireInstance(String id) {
    Instance instance = instances.get(id);
    if (instance == null) {
      throw new IllegalArgumentException("no instance " + id);
    }
    return instance;
  }

  private Group requireGroup(String name) {
    Group g = groups.get(name);
    if (g == null) {
      throw new IllegalArgumentException("no Auto Scaling group " + name);
    }
    return g;
  }

  synchronized Optional<byte[]> bundle(String bucket, String key, Optional<String> versionId) {
    List<BundleVersion> versions = bundles.get(bucket + "/" + key);
    if (versions == null || versions.isEmpty()) {
      return Optional.empty();
    }
    if (versionId.isEmpty()) {
      return Optional.of(versions.get(versions.size() - 1).bytes);
    }
    return versions.stream()
        .filter(v -> v.versionId.equals(versionId.get()))
        .findFirst()
        .map(v -> v.bytes);
  }

  synchronized Optional<String> latestVersion(String bucket, String key) {
    List<BundleVersion> versions = bundles.get(bucket + "/" + key);
    return versions == null || versions.isEmpty()
        ? Optional.empty()
        : Optional.of(versions.get(versions.size() - 1).versionId);
  }

  private static final class Instance {
    final String id;
    final String az;
    final Map<String, String> tags;
    final String group;
    InstanceState state = InstanceState.RUNNING;
    String lifecycleState;
    boolean leaving;
    Instant ssmOnlineAt;
    HostBehaviour behaviour;
    String revision;
    int heartbeatsRecorded;
    final Map<String, Wait> waits = new LinkedHashMap<>();
    final Map<String, Integer> runs = new LinkedHashMap<>();
    final Map<String, RunnerResult> results = new HashMap<>();

    Instance(String id, String az, Map<String, String> tags, String group, Instant created) {
      this.id = id;
      this.az = az;
      this.tags = tags;
      this.group = group;
      this.ssmOnlineAt = created;
    }

    FleetInstance view() {
      return new FleetInstance(
          id, az, state, tags, Optional.ofNullable(group), Optional.ofNullable(lifecycleState));
    }
  }

  private static final class Group {
    final String name;
    final Map<String, String> tags;
    final Map<String, LifecycleHooks.Hook> hooks = new LinkedHashMap<>();

    Group(String name, Map<String, String> tags) {
      this.name = name;
      this.tags = tags;
    }
  }

  private static final class Wait {
    final LifecycleHooks.Hook hook;
    final Instant since;
    Instant deadline;

    Wait(LifecycleHooks.Hook hook, Instant since) {
      this.hook = hook;
      this.since = since;
      this.deadline = since.plus(hook.heartbeatTimeout());
    }
  }

  private static final class Command {
    final String id;
    final String comment;
    final HostPlan plan;
    final Instant requestedAt;
    final Duration deliveryTimeout;
    final Duration executionTimeout;
    final HostOutput output;
    final Map<String, Invocation> invocations = new LinkedHashMap<>();

    Command(
        String id,
        String comment,
        HostPlan plan,
        Instant requestedAt,
        Duration deliveryTimeout,
        Duration executionTimeout,
        HostOutput output) {
      this.output = output;
      this.id = id;
      this.comment = comment;
      this.plan = plan;
      this.requestedAt = requestedAt;
      this.deliveryTimeout = deliveryTimeout;
      this.executionTimeout = executionTimeout;
    }

    CommandView view() {
      List<InvocationView> views =
          invocations.values().stream()
              .map(
                  i ->
                      new InvocationView(
                          id,
                          i.instanceId,
                          i.state,
                          i.stdout,
                          i.detail,
                          requestedAt,
                          outputLocation(output, id, i.instanceId)))
              .toList();
      return new CommandView(id, comment, requestedAt, views);
    }
  }

  /** A command as ListCommands / ListCommandInvocations show it. */
  record CommandView(
      String id, String comment, Instant requestedAt, List<InvocationView> invocations) {}

  record InvocationView(
      String commandId,
      String instanceId,
      InvocationState state,
      String stdout,
      String detail,
      Instant requestedAt,
      OutputLocation output) {}

  private static final class Invocation {
    final String instanceId;
    InvocationState state = InvocationState.PENDING;
    HostBehaviour.HostRun run;
    Instant startedAt;
    boolean replay;
    String stdout = "";
    String detail = "Pending";

    Invocation(String instanceId) {
      this.instanceId = instanceId;
    }
  }

  private record BundleVersion(String versionId, byte[] bytes) {}
}
