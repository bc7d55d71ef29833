package io.fleetdeploy.controller.deployment;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.controller.EventRecorder;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.controller.notification.Notification;
import io.fleetdeploy.controller.notification.NotificationSender;
import io.fleetdeploy.controller.notification.TriggerClaims;
import io.fleetdeploy.controller.notification.WebhookPoster;
import io.fleetdeploy.controller.policy.FleetPolicies;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.FleetServices;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reconciles Deployments: start (or queue, or fail before touching a host), then move the rollout
 * on batch by batch until it ends. One status write per reconcile, none when nothing changed, and a
 * batch is sent to hosts only after the status that marks it is written.
 */
@ControllerConfiguration(name = "deployment")
public final class DeploymentReconciler implements Reconciler<Deployment> {
  /** The Ready reason of a Deployment whose group does not exist (yet). */
  public static final String GROUP_NOT_FOUND = "DeploymentGroupNotFound";

  static final String BY_GROUP = "deployment-group";
  private static final Duration CONFLICT_RETRY = Duration.ofMillis(50);

  /** How often alarms are looked at while a checkAlarms step or a zone bake lasts. */
  static final Duration ALARM_POLL = Duration.ofSeconds(30);

  /** How often memory of deleted Deployments is dropped. */
  private static final Duration SWEEP = Duration.ofMinutes(1);

  private final DeploymentStarter starter;
  private final RolloutDriver driver;
  private final DeploymentStatusWriter writer;
  private final DeploymentMemory memory;
  private final Timing timing;
  private final Clock clock;
  private final TriggerClaims claims;
  private final NotificationSender notifications;
  private volatile Instant lastSweep = Instant.EPOCH;

  /** The reconciler with its collaborators, wired for one operator. */
  public static DeploymentReconciler create(
      KubernetesClient client,
      FleetServices fleet,
      FleetPolicies policies,
      EventRecorder events,
      MeterRegistry metrics,
      Timing timing,
      Clock clock) {
    RevisionPreparer preparer = new RevisionPreparer(fleet.revisions());
    NotificationSender sender =
        new NotificationSender(
            fleet.topics(),
            new WebhookPoster(client),
            metrics,
            NotificationSender.FIRST_RETRY,
            NotificationSender.ATTEMPTS);
    DeploymentMemory memory = new DeploymentMemory(fleet.hosts(), timing.pollInterval());
    AlarmWatch alarms = new AlarmWatch(fleet.alarms(), clock);
    return new DeploymentReconciler(
        new DeploymentStarter(fleet.fleet(), preparer, memory, policies, clock),
        new RolloutDriver(
            new BatchSender(fleet.hosts(), fleet.revisions(), timing, clock),
            new ResultCollector(fleet.hosts(), fleet.fleet(), timing, clock),
            preparer,
            new RollbackLauncher(client),
            memory,
            timing,
            clock,
            new BatchTraffic(fleet.loadBalancers(), clock),
            alarms,
            new StageDriver(alarms, ALARM_POLL, clock)),
        new DeploymentStatusWriter(
            new StatusUpdater(client), events, new DeploymentMetrics(metrics), clock),
        memory,
        timing,
        clock,
        new TriggerClaims(""),
        sender);
  }

  DeploymentReconciler(
      DeploymentStarter starter,
      RolloutDriver driver,
      DeploymentStatusWriter writer,
      DeploymentMemory memory,
      Timing timing,
      Clock clock,
      TriggerClaims claims,
      NotificationSender notifications) {
    this.claims = claims;
    this.notifications = notifications;
    this.starter = starter;
    this.driver = driver;
    this.writer = writer;
    this.memory = memory;
    this.timing = timing;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Deployment>> prepareEventSources(
      EventSourceContext<Deployment> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            BY_GROUP,
            d ->
                List.of(
                    groupKey(
                        d.getMetadata().getNamespace(),
                        d.getSpec().getDeploymentGroupRef().getName())));
    // A group created or changed later wakes the Deployments that wait for it or run in it.
    var groups =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(DeploymentGroup.class, Deployment.class)
                .withSecondaryToPrimaryMapper(
                    group ->
                        toWake(
                            context
                                .getPrimaryCache()
                                .byIndex(
                                    BY_GROUP,
                                    groupKey(
                                        group.getMetadata().getNamespace(),
                                        group.getMetadata().getName()))))
                .withPrimaryToSecondaryMapper(
                    (PrimaryToSecondaryMapper<Deployment>)
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
    return List.of(groups);
  }

  @Override
  public UpdateControl<Deployment> reconcile(Deployment fromCache, Context<Deployment> context) {
    sweepDeleted(
        () -> context.getPrimaryCache().list().map(d -> d.getMetadata().getUid()).toList());
    Supplier<List<Deployment>> peers =
        () ->
            context
                .getPrimaryCache()
                .byIndex(
                    BY_GROUP,
                    groupKey(
                        fromCache.getMetadata().getNamespace(),
                        fromCache.getSpec().getDeploymentGroupRef().getName()));
    Optional<Duration> next =
        reconcile(fromCache, context.getSecondaryResource(DeploymentGroup.class), peers);
    return next.map(d -> UpdateControl.<Deployment>noUpdate().rescheduleAfter(d))
        .orElseGet(UpdateControl::noUpdate);
  }

  /**
   * The reconcile itself, without the operator framework: the Deployment (from a cache, possibly
   * stale), its group if it exists, and the Deployments of that group. Returns when to reconcile
   * again, or empty when the Deployment is finished.
   */
  public Optional<Duration> reconcile(
      Deployment fromCache, Optional<DeploymentGroup> group, Supplier<List<Deployment>> peers) {
    Deployment deployment = writer.latest(fromCache);
    DeploymentProgress progress = DeploymentProgress.of(deployment);
    if (progress.finished()) {
      writer.write(deployment, progress, Optional.empty(), Optional.empty());
      memory.forget(deployment.getMetadata().getUid());
      return Optional.empty();
    }
    Optional<DeploymentStarter.Waiting> waiting = Optional.empty();
    if (progress.phase() != DeploymentPhase.InProgress) {
      waiting = starter.tryStart(deployment, group.orElse(null), peers.get(), progress);
    }
    Optional<BatchSender.BatchSend> batch = Optional.empty();
    if (progress.phase() == DeploymentPhase.InProgress) {
      batch =
          driver.advance(
              deployment, group, progress.finished() ? List.of() : peers.get(), progress);
    }
    // Trigger notifications are recorded in the status written below, and sent only once it is.
    List<Notification> due =
        group.map(g -> claims.claim(deployment, g, progress.status())).orElse(List.of());
    StatusUpdater.Outcome written = writer.write(deployment, progress, waiting, Optional.empty());
    if (written == StatusUpdater.Outcome.CONFLICT) {
      // Read on a stale copy: nothing was sent; decide again at once on the fresh one.
      return Optional.of(CONFLICT_RETRY);
    }
    // The batch is in status now: a restart or a lost write can no longer lose it.
    batch.ifPresent(driver::send);
    due.forEach(notifications::send);
    if (progress.finished()) {
      memory.forget(deployment.getMetadata().getUid());
      return Optional.empty();
    }
    return Optional.of(
        progress.phase() == DeploymentPhase.InProgress
            ? driver.nextPoll(deployment)
            : timing.queuedRecheck());
  }

  /**
   * What is kept in memory of Deployments that were deleted is dropped, at most once a {@link
   * #SWEEP}.
   */
  private void sweepDeleted(Supplier<List<String>> liveUids) {
    Instant now = clock.instant();
    if (lastSweep.plus(SWEEP).isBefore(now)) {
      lastSweep = now;
      memory.retainOnly(liveUids.get());
    }
  }

  /**
   * Failures JOSDK will retry (AWS throttling or outages, API conflicts) show in the Progressing
   * condition meanwhile, so nobody has to read logs to see why a deployment is not moving.
   */
  @Override
  public ErrorStatusUpdateControl<Deployment> updateErrorStatus(
      Deployment deployment, Context<Deployment> context, Exception e) {
    recordError(deployment, e);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** Shows a failed reconcile's error in the Progressing condition (a retry follows). */
  public void recordError(Deployment deployment, Exception e) {
    String message = (e instanceof FleetException f ? f.error() + ": " : "") + e.getMessage();
    writer.write(
        deployment,
        DeploymentProgress.of(deployment),
        Optional.empty(),
        Optional.of("retrying after an error: " + message));
  }

  /**
   * Of a group's Deployments, those a change of the group concerns: not the finished ones (its
   * history), which nothing about the group changes any more. Every group status write would
   * otherwise reconcile them all, beside the deployment that runs, on the same CPUs.
   */
  static Set<ResourceID> toWake(List<Deployment> ofGroup) {
    return ofGroup.stream()
        .filter(
            d ->
                d.getStatus() == null
                    || d.getStatus().getPhase() == null
                    || !d.getStatus().getPhase().finished())
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  static String groupKey(String namespace, String group) {
    return namespace + "/" + group;
  }
}
