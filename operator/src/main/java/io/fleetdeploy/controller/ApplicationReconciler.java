package io.fleetdeploy.controller;

import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.ApplicationStatus;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;

/** Reconciles Applications: for now it records that the spec was accepted. */
@ControllerConfiguration(name = "application")
public final class ApplicationReconciler implements Reconciler<Application> {
  private final StatusUpdater updater;
  private final Clock clock;

  public ApplicationReconciler(StatusUpdater updater, Clock clock) {
    this.updater = updater;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Application> reconcile(Application resource, Context<Application> context) {
    ApplicationStatus previous = resource.getStatus() == null ? new ApplicationStatus() : resource.getStatus();
    ApplicationStatus status = StatusCopy.of(previous, ApplicationStatus.class);
    long generation = resource.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    status.setConditions(new Conditions(previous.getConditions())
        .set(Conditions.READY, true, "Accepted", "The spec was accepted.")
        .build(generation, clock.instant()));
    updater.update(resource, status);
    return UpdateControl.noUpdate();
  }
}
