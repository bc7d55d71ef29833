package io.fleetdeploy.controller;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/** Reconciles Deployments: for now it records that the spec was accepted. */
@ControllerConfiguration(name = "deployment")
public final class DeploymentReconciler implements Reconciler<Deployment> {
  private final Clock clock;

  public DeploymentReconciler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public UpdateControl<Deployment> reconcile(Deployment resource, Context<Deployment> context) {
    DeploymentStatus previous = resource.getStatus() == null ? new DeploymentStatus() : resource.getStatus();
    DeploymentStatus status = StatusCopy.of(previous, DeploymentStatus.class);
    long generation = resource.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    status.setConditions(new Conditions(previous.getConditions())
        .set(Conditions.READY, true, "Accepted", "The spec was accepted.")
        .build(generation, clock.instant()));
    return StatusPatch.ifChanged(resource, status);
  }
}
