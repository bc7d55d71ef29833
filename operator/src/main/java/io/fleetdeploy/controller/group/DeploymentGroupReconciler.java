package io.fleetdeploy.controller.group;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.controller.Conditions;
import io.fleetdeploy.controller.StatusCopy;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.fleet.FleetException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.fleetdeploy.fleet.FleetServices;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles DeploymentGroups: keeps the inventory of target instances (revision and health of
 * each, learnt from finished Deployments), the revisions the group runs and converges to, and
 * conditions that tell a person or Argo CD whether the fleet is converged and healthy.
 */
@ControllerConfiguration(name = "deploymentgroup")
public final class DeploymentGroupReconciler implements Reconciler<DeploymentGroup> {
  private final FleetView fleetView;
  private final StatusUpdater updater;
  private final Clock clock;
  private InformerEventSource<Deployment, DeploymentGroup> deployments;

  public static DeploymentGroupReconciler create(StatusUpdater updater, FleetServices fleet, Duration inventoryRefresh,
      Clock clock) {
    return new DeploymentGroupReconciler(new FleetView(fleet.fleet(), clock, inventoryRefresh), updater, clock);
  }

  DeploymentGroupReconciler(FleetView fleetView, StatusUpdater updater, Clock clock) {
    this.fleetView = fleetView;
    this.updater = updater;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, DeploymentGroup>> prepareEventSources(EventSourceContext<DeploymentGroup> context) {
    // Every change of a group's Deployments (a phase, a result) reconciles the group.
    deployments = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(Deployment.class, DeploymentGroup.class)
        .withSecondaryToPrimaryMapper(d -> Set.of(new ResourceID(d.getSpec().getDeploymentGroupRef().getName(),
            d.getMetadata().getNamespace())))
        .build(), context);
    return List.of(deployments);
  }

  @Override
  public UpdateControl<DeploymentGroup> reconcile(DeploymentGroup group, Context<DeploymentGroup> context) {
    DeploymentGroupStatus previous = group.getStatus() == null ? new DeploymentGroupStatus() : group.getStatus();
    DeploymentGroupStatus status = StatusCopy.of(previous, DeploymentGroupStatus.class);
    GroupDeployments mine = new GroupDeployments(deployments.list(group.getMetadata().getNamespace(),
        d -> group.getMetadata().getName().equals(d.getSpec().getDeploymentGroupRef().getName())).toList());

    Optional<String> targetsProblem = Optional.empty();
    try {
      FleetView.Snapshot targets = fleetView.targets(group);
      status.setInstances(InstanceInventory.build(targets.instances(), previous.getInstances(), mine.finishedInOrder()));
      status.setInstanceCount(targets.instances().size());
      status.setLastInventoryTime(targets.takenAt().truncatedTo(ChronoUnit.SECONDS).toString());
    } catch (FleetException e) {
      targetsProblem = Optional.of(e.getMessage());
    }
    status.setActiveDeployment(mine.active().map(d -> d.getMetadata().getName()).orElse(null));
    mine.lastSucceeded().ifPresent(d -> {
      status.setLastSuccessfulDeployment(d.getMetadata().getName());
      status.setLastSuccessfulRevision(d.getStatus().getRevision());
    });
    mine.active().ifPresent(d -> status.setTargetRevision(d.getStatus().getRevision()));
    if (mine.active().isEmpty() && status.getLastSuccessfulRevision() != null && group.getSpec().getRevision() == null) {
      status.setTargetRevision(status.getLastSuccessfulRevision());
    }
    long generation = group.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    status.setConditions(conditions(previous, status, mine, targetsProblem).build(generation, clock.instant()));
    StatusUpdater.Outcome written = updater.update(group, status);
    return UpdateControl.<DeploymentGroup>noUpdate().rescheduleAfter(
        written == StatusUpdater.Outcome.CONFLICT ? java.time.Duration.ofMillis(50) : fleetView.refreshInterval());
  }

  private static Conditions conditions(DeploymentGroupStatus previous, DeploymentGroupStatus status,
      GroupDeployments mine, Optional<String> targetsProblem) {
    Conditions c = new Conditions(previous.getConditions());
    Optional<Deployment> lastFinished = mine.lastFinished();
    boolean lastFailed = lastFinished.map(d -> d.getStatus().getPhase() != DeploymentPhase.Succeeded).orElse(false);
    boolean progressing = !mine.unfinished().isEmpty();
    String lastFailure = lastFinished.filter(d -> lastFailed).map(d -> "Deployment " + d.getMetadata().getName()
        + " ended " + d.getStatus().getPhase() + (d.getStatus().getErrorInformation() == null ? ""
            : ": " + d.getStatus().getErrorInformation().getCode() + " " + d.getStatus().getErrorInformation().getMessage()))
        .orElse("");
    if (targetsProblem.isPresent()) {
      c.set(Conditions.DEGRADED, true, "TargetsUnavailable", targetsProblem.get());
    } else if (lastFailed) {
      c.set(Conditions.DEGRADED, true, "DeploymentFailed", lastFailure);
    } else {
      c.set(Conditions.DEGRADED, false, "Healthy", "No deployment of this group has failed since its last success.");
    }
    if (progressing) {
      String running = mine.active().map(d -> "Deployment " + d.getMetadata().getName() + " is rolling out")
          .orElse(mine.unfinished().size() + " deployment(s) waiting to start");
      c.set(Conditions.PROGRESSING, true, "Deploying", running + ".");
      c.set(Conditions.READY, false, "Deploying", running + ".");
    } else {
      c.set(Conditions.PROGRESSING, false, "Idle", "No deployment is running or queued.");
      if (targetsProblem.isPresent() || lastFailed) {
        c.set(Conditions.READY, false, targetsProblem.isPresent() ? "TargetsUnavailable" : "DeploymentFailed",
            targetsProblem.orElse(lastFailure));
      } else {
        c.set(Conditions.READY, true, "Converged", status.getLastSuccessfulRevision() == null
            ? "Nothing deployed yet; " + status.getInstanceCount() + " target instance(s)."
            : "The fleet runs " + status.getLastSuccessfulRevision().getSummary() + ".");
      }
    }
    return c;
  }
}
