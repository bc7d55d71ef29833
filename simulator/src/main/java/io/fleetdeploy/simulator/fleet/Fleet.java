package io.fleetdeploy.simulator.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The state of the simulated account: EC2 instances, on-premises servers and Auto Scaling groups
 * with their lifecycle hooks. One lock guards it all; {@link #tick()} moves time-driven transitions
 * (pending to running, heartbeat timeouts, capacity) forward.
 */
public final class Fleet {
  public static final String INSTANCE_TYPE = "t3.micro";
  public static final String GROUP_NAME_TAG = "aws:autoscaling:groupName";
  private static final int MAX_HOOKS_PER_GROUP = 50;

  private final String region;
  private final String accountId;
  private final Path instancesDir;
  private final SimClock clock;
  private final IdGenerator ids;
  private final Duration transitionDelay;
  private final Duration terminatedRetention;
  private final String imageId;

  private final Map<String, Instance> instances = new LinkedHashMap<>();

  /**
   * The instances with a state transition to complete ({@code transitionAt} set), and those
   * terminated, so a clock tick (every 25 ms) looks at these rather than at every instance of a
   * large fleet.
   */
  private final Set<Instance> transitioning = new LinkedHashSet<>();

  private final Set<Instance> terminated = new LinkedHashSet<>();
  private final Map<String, AutoScalingGroup> groups = new LinkedHashMap<>();
  private final List<Consumer<String>> hostDownListeners = new CopyOnWriteArrayList<>();
  private final List<String> hostsGoingDown = new ArrayList<>();
  private final GroupReconciler reconciler;
  private long nextSeq;
  private int nextIp;

  public Fleet(
      String region,
      String accountId,
      Path instancesDir,
      SimClock clock,
      IdGenerator ids,
      Duration transitionDelay,
      Duration terminatedRetention) {
    this.region = region;
    this.accountId = accountId;
    this.instancesDir = instancesDir;
    this.clock = clock;
    this.ids = ids;
    this.transitionDelay = transitionDelay;
    this.terminatedRetention = terminatedRetention;
    this.imageId = "ami-0" + ids.hex(16);
    this.reconciler = new GroupReconciler(this, ids);
  }

  public String region() {
    return region;
  }

  public String accountId() {
    return accountId;
  }

  public List<String> availabilityZones() {
    return List.of(region + "a", region + "b", region + "c");
  }

  /** Called (outside the lock) with the id of each host that starts stopping or shutting down. */
  public void onHostDown(Consumer<String> listener) {
    hostDownListeners.add(listener);
  }

  // ---------------------------------------------------------------- hosts

  /** Adds running EC2 instances spread over the region's three zones. */
  public synchronized List<String> addInstances(int count, Map<String, String> tags) {
    if (count < 0) {
      throw new IllegalArgumentException("instance count must not be negative, was " + count);
    }
    List<String> added = new ArrayList<>(count);
    Instant now = clock.now();
    List<String> zones = availabilityZones();
    for (int i = 0; i < count; i++) {
      Instance inst = newInstance(false, zones.get((int) (nextSeq % zones.size())), now);
      inst.state = InstanceState.RUNNING;
      inst.registeredAt = now;
      inst.tags.putAll(tags);
      added.add(inst.id);
    }
    return added;
  }

  /** Registers an on-premises server with SSM (an {@code mi-} id); EC2 does not see it. */
  public synchronized String registerManagedInstance(Map<String, String> tags) {
    Instant now = clock.now();
    Instance inst = newInstance(true, null, now);
    inst.state = InstanceState.RUNNING;
    inst.registeredAt = now;
    inst.tags.putAll(tags);
    return inst.id;
  }

  public synchronized InstanceSnapshot find(String id) {
    Instance inst = instances.get(id);
    return inst == null ? null : inst.snapshot();
  }

  /** EC2 instances (terminated ones stay for the retention period), in launch order. */
  public synchronized List<InstanceSnapshot> ec2Instances() {
    List<InstanceSnapshot> out = new ArrayList<>(instances.size());
    for (Instance inst : instances.values()) {
      if (!inst.onPremises) {
        out.add(inst.snapshot());
      }
    }
    return out;
  }

  /** Every host, EC2 and on-premises, in registration order. */
  public synchronized List<InstanceSnapshot> allHosts() {
    return instances.values().stream().map(Instance::snapshot).toList();
  }

  public synchronized void putTags(List<String> instanceIds, Map<String, String> tags) {
    for (String id : instanceIds) {
      requireHost(id).tags.putAll(tags);
    }
  }

  public synchronized void removeTags(
      List<String> instanceIds, Map<String, String> tagsOrNullValues) {
    for (String id : instanceIds) {
      Instance inst = requireHost(id);
      tagsOrNullValues.forEach(
          (k, v) -> {
            if (v == null || v.equals(inst.tags.get(k))) {
              inst.tags.remove(k);
            }
          });
    }
  }

  public List<StateChange> terminate(List<String> instanceIds) {
    List<StateChange> changes = new ArrayList<>();
    synchronized (this) {
      List<Instance> targets = requireEc2(instanceIds);
      Instant now = clock.now();
      for (Instance inst : targets) {
        InstanceState previous = inst.state;
        if (!inst.state.isGone()) {
          beginEc2Termination(inst, now);
        }
        changes.add(new StateChange(inst.id, previous, inst.state));
      }
    }
    notifyHostsDown();
    return changes;
  }

  public List<StateChange> stop(List<String> instanceIds) {
    List<StateChange> changes = new ArrayList<>();
    synchronized (this) {
      List<Instance> targets = requireEc2(instanceIds);
      for (Instance inst : targets) {
        if (inst.state.isGone()) {
          throw new FleetException(
              "IncorrectInstanceState",
              "This instance '" + inst.id + "' is not in a state from which it can be stopped.");
        }
      }
      Instant now = clock.now();
      for (Instance inst : targets) {
        InstanceState previous = inst.state;
        if (inst.state == InstanceState.RUNNING || inst.state == InstanceState.PENDING) {
          inst.state = InstanceState.STOPPING;
          transitionAt(inst, now.plus(transitionDelay));
          inst.stateTransitionReason = "User initiated (" + now + ")";
          inst.stateReasonCode = "Client.UserInitiatedShutdown";
          inst.stateReasonMessage = "Client.UserInitiatedShutdown: User initiated shutdown";
          hostsGoingDown.add(inst.id);
        }
        changes.add(new StateChange(inst.id, previous, inst.state));
      }
    }
    notifyHostsDown();
    return changes;
  }

  public synchronized List<StateChange> start(List<String> instanceIds) {
    List<Instance> targets = requireEc2(instanceIds);
    for (Instance inst : targets) {
      if (inst.state.isGone() || inst.state == InstanceState.STOPPING) {
        throw new FleetException(
            "IncorrectInstanceState",
            "The instance '" + inst.id + "' is not in a state from which it can be started.");
      }
    }
    Instant now = clock.now();
    List<StateChange> changes = new ArrayList<>();
    for (Instance inst : targets) {
      InstanceState previous = inst.state;
      if (inst.state == InstanceState.STOPPED) {
        inst.state = InstanceState.PENDING;
        transitionAt(inst, now.plus(transitionDelay));
        inst.stateTransitionReason = "";
        inst.stateReasonCode = null;
        inst.stateReasonMessage = null;
      }
      changes.add(new StateChange(inst.id, previous, inst.state));
    }
    return changes;
  }

  // ---------------------------------------------------------------- time

  /** Applies every transition that is due: instance states, lifecycle timeouts, capacity. */
  public void tick() {
    synchronized (this) {
      Instant now = clock.now();
      for (Iterator<Instance> due = transitioning.iterator(); due.hasNext(); ) {
        Instance inst = due.next();
        if (inst.transitionAt == null || instances.get(inst.id) != inst) {
          due.remove();
        } else if (!now.isBefore(inst.transitionAt)) {
          due.remove();
          completeTransition(inst, now);
        }
      }
      for (AutoScalingGroup group : groups.values()) {
        reconciler.reconcile(group, now);
      }
      // EC2 forgets terminated instances after a while; group members only once the group let go of
      // them.
      for (Iterator<Instance> gone = terminated.iterator(); gone.hasNext(); ) {
        Instance inst = gone.next();
        if (instances.get(inst.id) != inst || inst.state != InstanceState.TERMINATED) {
          gone.remove();
        } else if ((inst.groupName == null || inst.lifecycle == LifecycleState.TERMINATED)
            && now.isAfter(inst.terminatedAt.plus(terminatedRetention))) {
          gone.remove();
          instances.remove(inst.id);
        }
      }
    }
    notifyHostsDown();
  }

  /** Sets when an instance's transition completes, for the clock tick to find (under the lock). */
  private void transitionAt(Instance inst, Instant at) {
    inst.transitionAt = at;
    transitioning.add(inst);
  }

  private void completeTransition(Instance inst, Instant now) {
    inst.transitionAt = null;
    switch (inst.state) {
      case PENDING -> {
        inst.state = InstanceState.RUNNING;
        if (inst.registeredAt == null) {
          inst.registeredAt = now;
        }
      }
      case SHUTTING_DOWN -> {
        inst.state = InstanceState.TERMINATED;
        inst.terminatedAt = now;
        terminated.add(inst);
      }
      case STOPPING -> inst.state = InstanceState.STOPPED;
      default -> {}
    }
  }

  // ---------------------------------------------------------------- Auto Scaling

  public synchronized void createGroup(
      String name,
      int minSize,
      int maxSize,
      Integer desiredCapacity,
      List<String> zones,
      List<GroupTag> tags,
      List<HookSpec> hooks,
      LaunchSpec launchSpec) {
    if (name == null || name.isEmpty() || name.length() > 255) {
      throw new FleetException(
          "ValidationError", "AutoScalingGroupName must be 1 to 255 characters long.");
    }
    if (groups.containsKey(name)) {
      throw new FleetException(
          "AlreadyExists",
          "AutoScalingGroup by this name already exists - A group with the name "
              + name
              + " already exists");
    }
    int desired = desiredCapacity == null ? minSize : desiredCapacity;
    checkSizes(minSize, maxSize, desired);
    List<String> groupZones = zones == null || zones.isEmpty() ? availabilityZones() : zones;
    for (String zone : groupZones) {
      if (!availabilityZones().contains(zone)) {
        throw new FleetException(
            "ValidationError",
            "The availability zone "
                + zone
                + " is not legally formatted or is not in region "
                + region
                + ": use one of "
                + availabilityZones()
                + ".");
      }
    }
    String arn =
        "arn:aws:autoscaling:"
            + region
            + ":"
            + accountId
            + ":autoScalingGroup:"
            + ids.uuid()
            + ":autoScalingGroupName/"
            + name;
    AutoScalingGroup group =
        new AutoScalingGroup(
            name,
            arn,
            clock.now(),
            groupZones,
            tags == null ? List.of() : tags,
            launchSpec == null ? LaunchSpec.none() : launchSpec,
            minSize,
            maxSize,
            desired);
    for (HookSpec spec : hooks == null ? List.<HookSpec>of() : hooks) {
      LifecycleHook hook = LifecycleHook.validated(name, spec, null);
      group.hooks.put(hook.name(), hook);
    }
    groups.put(name, group);
    reconciler.reconcile(group, clock.now());
  }

  public synchronized void updateGroup(
      String name, Integer minSize, Integer maxSize, Integer desiredCapacity) {
    AutoScalingGroup group = requireGroup(name);
    int min = minSize == null ? group.minSize : minSize;
    int max = maxSize == null ? group.maxSize : maxSize;
    int desired =
        desiredCapacity == null
            ? Math.max(min, Math.min(max, group.desiredCapacity))
            : desiredCapacity;
    checkSizes(min, max, desired);
    group.minSize = min;
    group.maxSize = max;
    group.desiredCapacity = desired;
    reconciler.reconcile(group, clock.now());
  }

  public void deleteGroup(String name, boolean force) {
    synchronized (this) {
      AutoScalingGroup group = requireGroup(name);
      if (!group.members.isEmpty() && !force) {
        throw new FleetException(
            "ResourceInUse",
            "You cannot delete an AutoScalingGroup while there are instances"
                + " or pending Spot instance request(s) still in the group.");
      }
      Instant now = clock.now();
      for (String id : group.members) {
        Instance inst = instances.get(id);
        inst.actions.clear();
        inst.groupName = null;
        inst.lifecycle = null;
        if (!inst.state.isGone()) {
          beginEc2Termination(inst, now);
        }
      }
      groups.remove(name);
    }
    notifyHostsDown();
  }

  public void setDesiredCapacity(String name, int desired) {
    synchronized (this) {
      AutoScalingGroup group = requireGroup(name);
      if (desired > group.maxSize) {
        throw new FleetException(
            "ValidationError",
            "New SetDesiredCapacity value "
                + desired
                + " is above max value "
                + group.maxSize
                + " for the AutoScalingGroup.");
      }
      if (desired < group.minSize) {
        throw new FleetException(
            "ValidationError",
            "New SetDesiredCapacity value "
                + desired
                + " is below min value "
                + group.minSize
                + " for the AutoScalingGroup.");
      }
      group.desiredCapacity = desired;
      reconciler.reconcile(group, clock.now());
    }
    notifyHostsDown();
  }

  public ScalingActivity terminateInGroup(String instanceId, boolean decrementDesiredCapacity) {
    ScalingActivity activity;
    synchronized (this) {
      Instance inst = instances.get(instanceId);
      AutoScalingGroup group =
          inst == null || inst.groupName == null ? null : groups.get(inst.groupName);
      if (group == null || !group.members.contains(instanceId)) {
        throw new FleetException(
            "ValidationError",
            "Instance Id not found - No managed instance found for instance ID: " + instanceId);
      }
      Instant now = clock.now();
      String cause =
          "At "
              + now
              + " instance "
              + instanceId
              + " was taken out of service in response to a user request";
      if (decrementDesiredCapacity) {
        if (group.desiredCapacity - 1 < group.minSize) {
          throw new FleetException(
              "ValidationError",
              "Currently, desiredCapacity "
                  + group.desiredCapacity
                  + " is equal to the minSize "
                  + group.minSize
                  + " and terminating instance without replacement"
                  + " will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to"
                  + " false or lower group's min size.");
        }
        cause +=
            ", shrinking the capacity from "
                + group.desiredCapacity
                + " to "
                + (group.desiredCapacity - 1);
        group.desiredCapacity--;
      }
      if (inst.lifecycle.isActive()) {
        reconciler.beginTermination(group, inst, now, true);
      }
      reconciler.reconcile(group, now);
      activity =
          new ScalingActivity(
              ids.uuid(), group.name, "Terminating EC2 instance: " + instanceId, cause + ".", now);
    }
    notifyHostsDown();
    return activity;
  }

  public synchronized List<GroupSnapshot> describeGroups(List<String> names) {
    List<GroupSnapshot> out = new ArrayList<>();
    for (AutoScalingGroup group : groups.values()) {
      if (names == null || names.isEmpty() || names.contains(group.name)) {
        out.add(snapshot(group));
      }
    }
    return out;
  }

  /** Group members by instance id (all members of all groups when the list is empty). */
  public synchronized List<GroupSnapshot.Member> groupMembers(List<String> instanceIds) {
    List<GroupSnapshot.Member> out = new ArrayList<>();
    for (AutoScalingGroup group : groups.values()) {
      for (String id : group.members) {
        if (instanceIds == null || instanceIds.isEmpty() || instanceIds.contains(id)) {
          out.add(member(group, instances.get(id)));
        }
      }
    }
    if (instanceIds != null && !instanceIds.isEmpty()) {
      out.sort(Comparator.comparingInt(m -> instanceIds.indexOf(m.instanceId())));
    }
    return out;
  }

  public synchronized void putHook(String groupName, HookSpec spec) {
    AutoScalingGroup group = requireGroup(groupName);
    LifecycleHook existing = spec.name() == null ? null : group.hooks.get(spec.name());
    if (existing == null && group.hooks.size() >= MAX_HOOKS_PER_GROUP) {
      throw new FleetException(
          "LimitExceeded",
          "Unable to add lifecycle hook "
              + spec.name()
              + " to group "
              + groupName
              + ": the limit of "
              + MAX_HOOKS_PER_GROUP
              + " lifecycle hooks per group is reached.");
    }
    LifecycleHook hook = LifecycleHook.validated(groupName, spec, existing);
    group.hooks.put(hook.name(), hook);
  }

  public void deleteHook(String groupName, String hookName) {
    synchronized (this) {
      AutoScalingGroup group = requireGroup(groupName);
      LifecycleHook hook = group.hooks.remove(hookName);
      if (hook == null) {
        throw new FleetException(
            "ValidationError",
            "No Lifecycle Hook found with name " + hookName + " for group " + groupName);
      }
      // AWS completes outstanding actions of a deleted hook: ABANDON for launches, CONTINUE for
      // terminations.
      String result = LifecycleHook.LAUNCHING.equals(hook.transition()) ? "ABANDON" : "CONTINUE";
      Instant now = clock.now();
      for (String id : List.copyOf(group.members)) {
        Instance inst = instances.get(id);
        LifecycleAction action = inst.actions.get(hookName);
        if (action != null && action.result == null) {
          action.result = result;
          reconciler.advanceMember(group, inst, now);
        }
      }
      reconciler.reconcile(group, now);
    }
    notifyHostsDown();
  }

  public synchronized List<LifecycleHook> describeHooks(String groupName, List<String> hookNames) {
    AutoScalingGroup group = requireGroup(groupName);
    return group.hooks.values().stream()
        .filter(h -> hookNames == null || hookNames.isEmpty() || hookNames.contains(h.name()))
        .toList();
  }

  public void completeAction(
      String groupName, String hookName, String instanceId, String token, String result) {
    if (!"CONTINUE".equals(result) && !"ABANDON".equals(result)) {
      throw new FleetException(
          "ValidationError",
          "LifecycleActionResult must be CONTINUE or ABANDON, was '" + result + "'.");
    }
    synchronized (this) {
      AutoScalingGroup group = requireGroup(groupName);
      Instance inst = findWaiting(group, hookName, instanceId, token);
      inst.actions.get(hookName).result = result;
      Instant now = clock.now();
      reconciler.advanceMember(group, inst, now);
      reconciler.reconcile(group, now);
    }
    notifyHostsDown();
  }

  public synchronized void recordHeartbeat(
      String groupName, String hookName, String instanceId, String token) {
    AutoScalingGroup group = requireGroup(groupName);
    Instance inst = findWaiting(group, hookName, instanceId, token);
    inst.actions.get(hookName).heartbeat(group.hooks.get(hookName), clock.now());
  }

  /** The token of an instance's open lifecycle action (what a notification would carry). */
  public synchronized String actionToken(String instanceId, String hookName) {
    Instance inst = instances.get(instanceId);
    LifecycleAction action = inst == null ? null : inst.actions.get(hookName);
    return action == null || action.result != null ? null : action.token;
  }

  private Instance findWaiting(
      AutoScalingGroup group, String hookName, String instanceId, String token) {
    if (instanceId == null && token == null) {
      throw new FleetException(
          "ValidationError", "Either LifecycleActionToken or InstanceId must be specified.");
    }
    String what = instanceId != null ? "instance ID " + instanceId : "token " + token;
    if (!group.hooks.containsKey(hookName)) {
      throw new FleetException(
          "ValidationError",
          "No active Lifecycle Action found with "
              + what
              + ": group "
              + group.name
              + " has no lifecycle hook named "
              + hookName
              + ".");
    }
    for (String id : group.members) {
      Instance inst = instances.get(id);
      LifecycleAction action = inst.actions.get(hookName);
      if (action == null || action.result != null) {
        continue;
      }
      boolean idMatches = instanceId == null || instanceId.equals(id);
      boolean tokenMatches = token == null || token.equals(action.token);
      if (idMatches && tokenMatches) {
        return inst;
      }
    }
    throw new FleetException("ValidationError", "No active Lifecycle Action found with " + what);
  }

  private static void checkSizes(int min, int max, int desired) {
    if (min < 0 || max < 0) {
      throw new FleetException("ValidationError", "MinSize and MaxSize must not be negative.");
    }
    if (min > max) {
      throw new FleetException(
          "ValidationError",
          "The MinSize " + min + " must be less than or equal to the MaxSize " + max + ".");
    }
    if (desired < min || desired > max) {
      throw new FleetException(
          "ValidationError",
          "Desired capacity:"
              + desired
              + " must be between the specified min size:"
              + min
              + " and max size:"
              + max);
    }
  }

  private GroupSnapshot snapshot(AutoScalingGroup group) {
    List<GroupSnapshot.Member> members =
        group.members.stream().map(id -> member(group, instances.get(id))).toList();
    return new GroupSnapshot(
        group.name,
        group.arn,
        group.createdTime,
        group.minSize,
        group.maxSize,
        group.desiredCapacity,
        group.availabilityZones,
        List.copyOf(group.tags),
        group.launchSpec,
        members,
        List.copyOf(group.hooks.values()));
  }

  private static GroupSnapshot.Member member(AutoScalingGroup group, Instance inst) {
    return new GroupSnapshot.Member(
        inst.id,
        group.name,
        inst.instanceType,
        inst.availabilityZone,
        inst.lifecycle,
        inst.healthy,
        group.launchSpec);
  }

  private AutoScalingGroup requireGroup(String name) {
    AutoScalingGroup group = name == null ? null : groups.get(name);
    if (group == null) {
      throw new FleetException(
          "ValidationError",
          "AutoScalingGroup name not found - AutoScalingGroup '" + name + "' not found");
    }
    return group;
  }

  // ---------------------------------------------------------------- helpers

  /** An EC2 instance that starts pending, as a launch does (under the lock). */
  Instance launchPending(String zone, Instant now) {
    Instance inst = newInstance(false, zone, now);
    inst.state = InstanceState.PENDING;
    transitionAt(inst, now.plus(transitionDelay));
    return inst;
  }

  /** Creates a host with its root directory (under the lock). */
  private Instance newInstance(boolean onPremises, String zone, Instant now) {
    String id = onPremises ? ids.managedInstanceId() : ids.instanceId();
    int n = nextIp++;
    String ip;
    if (onPremises) {
      ip = "192.168." + (n / 250 % 256) + "." + (n % 250 + 4);
    } else {
      ip = "10.0." + (n / 250 % 256) + "." + (n % 250 + 4);
    }
    Path root = instancesDir.resolve(id);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the root directory of " + id + " at " + root, e);
    }
    Instance inst =
        new Instance(
            id,
            nextSeq++,
            onPremises,
            zone,
            ip,
            onPremises ? null : INSTANCE_TYPE,
            onPremises ? null : imageId,
            onPremises ? null : ids.reservationId(),
            now,
            root);
    instances.put(id, inst);
    return inst;
  }

  void beginEc2Termination(Instance inst, Instant now) {
    inst.state = InstanceState.SHUTTING_DOWN;
    transitionAt(inst, now.plus(transitionDelay));
    inst.stateTransitionReason = "User initiated (" + now + ")";
    inst.stateReasonCode = "Client.UserInitiatedShutdown";
    inst.stateReasonMessage = "Client.UserInitiatedShutdown: User initiated shutdown";
    hostsGoingDown.add(inst.id);
  }

  /** A host by id, for the reconciler (under the lock). */
  Instance instance(String id) {
    return instances.get(id);
  }

  private Instance requireHost(String id) {
    Instance inst = instances.get(id);
    if (inst == null) {
      throw new FleetException(
          "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
    }
    return inst;
  }

  private List<Instance> requireEc2(List<String> instanceIds) {
    List<Instance> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : instanceIds) {
      Instance inst = instances.get(id);
      if (inst == null || inst.onPremises) {
        missing.add(id);
      } else {
        found.add(inst);
      }
    }
    if (!missing.isEmpty()) {
      throw new FleetException(
          "InvalidInstanceID.NotFound",
          missing.size() == 1
              ? "The instance ID '" + missing.get(0) + "' does not exist"
              : "The instance IDs '" + String.join(", ", missing) + "' do not exist");
    }
    return found;
  }

  private void notifyHostsDown() {
    List<String> down;
    synchronized (this) {
      if (hostsGoingDown.isEmpty()) {
        return;
      }
      down = List.copyOf(hostsGoingDown);
      hostsGoingDown.clear();
    }
    for (String id : down) {
      for (Consumer<String> listener : hostDownListeners) {
        listener.accept(id);
      }
    }
  }
}
