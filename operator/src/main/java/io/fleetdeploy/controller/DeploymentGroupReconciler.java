package io.fleetdeploy.controller;

import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/** Reconciles DeploymentGroups: for now it records that the spec was accepted. */
@ControllerConfiguration(name = "deploymentgroup")
public final class DeploymentGroupReconciler implements Reconciler<DeploymentGroup> {
  private final Clock clock;

  public DeploymentGroupReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<DeploymentGroup> reconcile(DeploymentGroup resource, Context<DeploymentGroup> context) {
    DeploymentGroupStatus previous = resource.getStatus() == null ? new DeploymentGroupStatus() : resource.getStatus();
    DeploymentGroupStatus status = StatusCopy.of(previous, DeploymentGroupStatus.class);
    long generation = resource.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    status.setConditions(new Conditions(previous.getConditions())
        .set(Conditions.READY, true, "Accepted", "The spec was accepted.")
        .build(generation, clock.instant()));
    return StatusPatch.ifChanged(resource, status);
  }
}
