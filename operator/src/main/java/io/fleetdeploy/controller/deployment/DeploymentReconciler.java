package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fleetdeploy.controller.EventRecorder;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.FleetServices;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles Deployments: start (or queue, or fail before touching a host), then move the rollout
 * on batch by batch until it ends; one status write per reconcile, and none when nothing changed.
 */
@ControllerConfiguration(name = "deployment")
public final class DeploymentReconciler implements Reconciler<Deployment> {
  static final String BY_GROUP = "deployment-group";
  private static final java.time.Duration CONFLICT_RETRY = java.time.Duration.ofMillis(50);

  private final DeploymentStarter starter;
  private final RolloutDriver driver;
  private final DeploymentStatusWriter writer;
  private final Timing timing;

  /** The reconciler with its collaborators, wired for one operator. */
  public static DeploymentReconciler create(KubernetesClient client, FleetServices fleet, EventRecorder events,
      MeterRegistry metrics, Timing timing, Clock clock) {
    RevisionPreparer preparer = new RevisionPreparer(fleet.revisions());
    RollbackLauncher rollbacks = new RollbackLauncher(client);
    return new DeploymentReconciler(
        new DeploymentStarter(fleet.fleet(), preparer, clock),
        new RolloutDriver(fleet.hosts(), fleet.fleet(), fleet.revisions(), preparer, rollbacks, timing, clock),
        new DeploymentStatusWriter(new StatusUpdater(client), events, new DeploymentMetrics(metrics), clock),
        timing);
  }

  DeploymentReconciler(DeploymentStarter starter, RolloutDriver driver, DeploymentStatusWriter writer, Timing timing) {
    this.starter = starter;
    this.driver = driver;
    this.writer = writer;
    this.timing = timing;
  }

  @Override
  public List<EventSource<?, Deployment>> prepareEventSources(EventSourceContext<Deployment> context) {
    context.getPrimaryCache().addIndexer(BY_GROUP, d -> List.of(groupKey(d.getMetadata().getNamespace(),
        d.getSpec().getDeploymentGroupRef().getName())));
    // A group created or changed later wakes the Deployments that wait for it.
    var groups = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(DeploymentGroup.class, Deployment.class)
        .withSecondaryToPrimaryMapper(group -> context.getPrimaryCache()
            .byIndex(BY_GROUP, groupKey(group.getMetadata().getNamespace(), group.getMetadata().getName()))
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<Deployment>) d -> Set.of(new ResourceID(
            d.getSpec().getDeploymentGroupRef().getName(), d.getMetadata().getNamespace())))
        .build(), context);
    return List.of(groups);
  }

  @Override
  public UpdateControl<Deployment> reconcile(Deployment fromCache, Context<Deployment> context) {
    Deployment deployment = writer.latest(fromCache);
    DeploymentProgress progress = DeploymentProgress.of(deployment);
    if (progress.finished()) {
      writer.write(deployment, progress, Optional.empty(), Optional.empty());
      return UpdateControl.noUpdate();
    }
    DeploymentGroup group = context.getSecondaryResource(DeploymentGroup.class).orElse(null);
    Optional<DeploymentStarter.Waiting> waiting = Optional.empty();
    if (progress.phase() != DeploymentPhase.InProgress) {
      List<Deployment> peers = context.getPrimaryCache().byIndex(BY_GROUP,
          groupKey(deployment.getMetadata().getNamespace(), deployment.getSpec().getDeploymentGroupRef().getName()));
      waiting = starter.tryStart(deployment, group, peers, progress);
    }
    if (progress.phase() == DeploymentPhase.InProgress) {
      driver.advance(deployment, group, progress);
    }
    StatusUpdater.Outcome written = writer.write(deployment, progress, waiting, Optional.empty());
    if (written == StatusUpdater.Outcome.CONFLICT) {
      // Read on a stale copy: decide again at once on the fresh one.
      return UpdateControl.<Deployment>noUpdate().rescheduleAfter(CONFLICT_RETRY);
    }
    if (progress.finished()) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<Deployment>noUpdate().rescheduleAfter(progress.phase() == DeploymentPhase.InProgress
        ? driver.nextPoll(deployment) : timing.queuedRecheck());
  }

  /**
   * Failures JOSDK will retry (AWS throttling or outages, API conflicts) show in the Progressing
   * condition meanwhile, so nobody has to read logs to see why a deployment is not moving.
   */
  @Override
  public ErrorStatusUpdateControl<Deployment> updateErrorStatus(Deployment deployment, Context<Deployment> context,
      Exception e) {
    String message = (e instanceof FleetException f ? f.error() + ": " : "") + e.getMessage();
    writer.write(deployment, DeploymentProgress.of(deployment), Optional.empty(),
        Optional.of("retrying after an error: " + message));
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  static String groupKey(String namespace, String group) {
    return namespace + "/" + group;
  }
}
