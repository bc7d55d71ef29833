package io.fleetdeploy.controller.group;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.InstanceInventoryEntry;
import io.fleetdeploy.api.v1alpha1.LifecycleHookStatus;
import io.fleetdeploy.controller.EventRecorder;
import io.fleetdeploy.controller.GroupInventory;
import io.fleetdeploy.controller.StatusCopy;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.controller.policy.FleetPolicies;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.FleetServices;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles DeploymentGroups, in a fixed order: observe (its Deployments, its targets in the
 * fleet), act (lifecycle hooks, the declared revision, Auto Scaling launches, follow-ups, history)
 * and record (one status write: inventory, revisions, hooks, conditions). On deletion it lets go of
 * every instance its hooks hold, removes the hooks and deletes the Deployments it owns.
 */
@ControllerConfiguration(name = "deploymentgroup")
public final class DeploymentGroupReconciler
    implements Reconciler<DeploymentGroup>, Cleaner<DeploymentGroup> {
  private static final Duration CONFLICT_RETRY = Duration.ofMillis(50);

  private final FleetView fleetView;
  private final LifecycleHookKeeper hookKeeper;
  private final HeldInstances held;
  private final LaunchKeeper launches;
  private final TerminationKeeper terminations;
  private final DesiredRevision desiredRevision;
  private final FollowUps followUps;
  private final HistoryPruner pruner;
  private final GroupStatusWriter writer;
  private final FleetPolicies policies;
  private final KubernetesClient client;
  private final Duration launchPoll;
  private InformerEventSource<Deployment, DeploymentGroup> deployments;

  public static DeploymentGroupReconciler create(
      KubernetesClient client,
      StatusUpdater updater,
      EventRecorder events,
      FleetServices fleet,
      FleetPolicies policies,
      Duration inventoryRefresh,
      Clock clock) {
    GroupDeploymentFactory factory = new GroupDeploymentFactory(client);
    HeldInstances held = new HeldInstances(fleet.lifecycleHooks(), clock);
    return new DeploymentGroupReconciler(
        new FleetView(fleet.fleet(), clock, inventoryRefresh),
        new LifecycleHookKeeper(fleet.lifecycleHooks()),
        held,
        new LaunchKeeper(held, factory),
        new TerminationKeeper(held, fleet.hosts(), clock),
        new DesiredRevision(factory, client),
        new FollowUps(factory),
        new HistoryPruner(client),
        new GroupStatusWriter(updater, events, clock),
        policies,
        client,
        inventoryRefresh);
  }

  DeploymentGroupReconciler(
      FleetView fleetView,
      LifecycleHookKeeper hookKeeper,
      HeldInstances held,
      LaunchKeeper launches,
      TerminationKeeper terminations,
      DesiredRevision desiredRevision,
      FollowUps followUps,
      HistoryPruner pruner,
      GroupStatusWriter writer,
      FleetPolicies policies,
      KubernetesClient client,
      Duration launchPoll) {
    this.policies = policies;
    this.fleetView = fleetView;
    this.hookKeeper = hookKeeper;
    this.held = held;
    this.launches = launches;
    this.terminations = terminations;
    this.desiredRevision = desiredRevision;
    this.followUps = followUps;
    this.pruner = pruner;
    this.writer = writer;
    this.client = client;
    this.launchPoll = launchPoll;
  }

  @Override
  public List<EventSource<?, DeploymentGroup>> prepareEventSources(
      EventSourceContext<DeploymentGroup> context) {
    // Every change of a group's Deployments (a phase, a result) reconciles the group.
    deployments =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Deployment.class, DeploymentGroup.class)
                .withSecondaryToPrimaryMapper(
                    d ->
                        Set.of(
                            new ResourceID(
                                d.getSpec().getDeploymentGroupRef().getName(),
                                d.getMetadata().getNamespace())))
                // The shard's selector, when sharded: only the shard's objects are cached.
                .withLabelSelector(
                    context.getControllerConfiguration().getInformerConfig().getLabelSelector())
                .build(),
            context);
    var applications =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Application.class, DeploymentGroup.class)
                .withSecondaryToPrimaryMapper(app -> Set.of())
                .withPrimaryToSecondaryMapper(
                    (PrimaryToSecondaryMapper<DeploymentGroup>)
                        g ->
                            Set.of(
                                new ResourceID(
                                    g.getSpec().getApplicationRef().getName(),
                                    g.getMetadata().getNamespace())))
                // The shard's selector, when sharded: only the shard's objects are cached.
                .withLabelSelector(
                    context.getControllerConfiguration().getInformerConfig().getLabelSelector())
                .build(),
            context);
    return List.of(deployments, applications);
  }

  @Override
  public UpdateControl<DeploymentGroup> reconcile(
      DeploymentGroup fromCache, Context<DeploymentGroup> context) {
    return UpdateControl.<DeploymentGroup>noUpdate()
        .rescheduleAfter(
            reconcile(
                fromCache,
                deploymentsOf(fromCache),
                context.getSecondaryResource(Application.class).isPresent()));
  }

  /**
   * The reconcile itself, without the operator framework: the group (from a cache, possibly stale),
   * its Deployments, and whether its Application exists. Returns when to reconcile again.
   */
  public Duration reconcile(
      DeploymentGroup fromCache, List<Deployment> deployments, boolean applicationExists) {
    DeploymentGroup group = writer.latest(fromCache);
    DeploymentGroupStatus previous =
        group.getStatus() == null ? new DeploymentGroupStatus() : group.getStatus();
    DeploymentGroupStatus status = StatusCopy.of(previous, DeploymentGroupStatus.class);
    GroupEvents events = new GroupEvents();
    GroupDeployments mine = new GroupDeployments(deployments);
    // A group its namespace's FleetPolicies refuse is not even looked up in the fleet.
    Optional<String> refused = policies.refusal(group);
    if (refused.isPresent()) {
      GroupRevisions.apply(group, mine, status);
      StatusUpdater.Outcome written =
          writer.write(
              group,
              previous,
              status,
              mine,
              GroupStatusWriter.Problems.refused(refused.get(), applicationExists),
              events);
      return written == StatusUpdater.Outcome.CONFLICT
          ? CONFLICT_RETRY
          : fleetView.refreshInterval();
    }

    Optional<String> targetsProblem = Optional.empty();
    List<FleetInstance> targetInstances = List.of();
    // The inventory as stored when the targets cannot be listed: the one before.
    List<InstanceInventoryEntry> inventory =
        GroupInventory.present(status) ? GroupInventory.of(status) : null;
    try {
      FleetView.Snapshot targets = fleetView.targets(group);
      targetInstances = targets.instances();
      List<InstanceInventoryEntry> before = GroupInventory.of(previous);
      inventory =
          InstanceInventory.build(
              targets.instances(),
              GroupInventory.present(previous) ? before : null,
              mine.finishedInOrder());
      GroupInventory.store(status, inventory);
      status.setInstanceCount(targets.instances().size());
      // The time moves only with the inventory: a refresh that found the same fleet must not
      // rewrite the whole inventory (hundreds of KB at thousands of instances) for a timestamp.
      if (previous.getLastInventoryTime() == null
          || !GroupInventory.present(previous)
          || !StatusUpdater.sameJson(before, inventory)) {
        status.setLastInventoryTime(targets.takenAt().truncatedTo(ChronoUnit.SECONDS).toString());
      }
    } catch (FleetException e) {
      if (e.error().retryable()) {
        throw e;
      }
      targetsProblem = Optional.of(e.getMessage());
    }
    GroupRevisions.apply(group, mine, status);

    List<LifecycleHookStatus> hooks =
        hookKeeper.ensure(group, previous.getLifecycleHooks(), events);
    status.setLifecycleHooks(hooks.isEmpty() ? null : hooks);
    LaunchKeeper.LaunchState launchState =
        launches.reconcile(group, mine, hooks, status.getLastSuccessfulRevision(), events);
    status.setConsecutiveLaunchFailures(
        launchState.consecutiveFailures() == 0 ? null : launchState.consecutiveFailures());
    List<HeldInstances.Held> terminating =
        terminations.reconcile(group, hooks, status.getLastSuccessfulRevision(), events);
    desiredRevision.reconcile(group, mine, status, events);
    followUps.reconcile(group, mine, inventory, targetInstances, events);
    pruner.prune(group, mine);

    Set<String> held =
        launchState.held().stream()
            .map(h -> h.instance().instanceId())
            .collect(java.util.stream.Collectors.toSet());
    StatusUpdater.Outcome written =
        writer.write(
            group,
            previous,
            status,
            mine,
            new GroupStatusWriter.Problems(
                targetsProblem, applicationExists, launchState, held, Optional.empty()),
            events);
    if (written == StatusUpdater.Outcome.CONFLICT) {
      return CONFLICT_RETRY;
    }
    List<HeldInstances.Held> allHeld = new java.util.ArrayList<>(launchState.held());
    allHeld.addAll(terminating);
    // Groups with hooks look for launched instances often (they wait, not yet in service).
    Duration next =
        !hooks.isEmpty()
            ? autoScalingPoll()
            : !mine.unfinished().isEmpty() ? launchPoll : fleetView.refreshInterval();
    // Held instances get their heartbeats on time, whatever the group's usual cadence.
    Optional<Duration> heartbeat = this.held.nextHeartbeat(allHeld);
    return heartbeat.filter(h -> h.compareTo(next) < 0).orElse(next);
  }

  /** Groups with Auto Scaling groups look for instances held by their hooks at least this often. */
  private Duration autoScalingPoll() {
    Duration tenSeconds = Duration.ofSeconds(10);
    return fleetView.refreshInterval().compareTo(tenSeconds) < 0
        ? fleetView.refreshInterval()
        : tenSeconds;
  }

  /** Lets every held instance go, removes the hooks, deletes the group's own Deployments. */
  @Override
  public DeleteControl cleanup(DeploymentGroup group, Context<DeploymentGroup> context) {
    List<String> asgs = group.getSpec().getTargets().getAutoScalingGroups();
    if (asgs != null && !asgs.isEmpty()) {
      held.releaseAll(group);
      hookKeeper.removeAll(group);
    }
    for (Deployment d : deploymentsOf(group)) {
      if (GroupDeploymentFactory.ownedBy(d, group)) {
        client
            .resources(Deployment.class)
            .inNamespace(d.getMetadata().getNamespace())
            .withName(d.getMetadata().getName())
            .delete();
      }
    }
    fleetView.forget(group);
    writer.forget(group);
    return DeleteControl.defaultDelete();
  }

  private List<Deployment> deploymentsOf(DeploymentGroup group) {
    return deployments
        .list(
            group.getMetadata().getNamespace(),
            d ->
                group.getMetadata().getName().equals(d.getSpec().getDeploymentGroupRef().getName()))
        .toList();
  }
}
