package io.fleetdeploy.controller.application;

import io.fleetdeploy.api.v1alpha1.Application;
import io.fleetdeploy.api.v1alpha1.ApplicationGroupSummary;
import io.fleetdeploy.api.v1alpha1.ApplicationStatus;
import io.fleetdeploy.api.v1alpha1.Condition;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus;
import io.fleetdeploy.controller.Conditions;
import io.fleetdeploy.controller.StatusCopy;
import io.fleetdeploy.controller.StatusUpdater;
import io.fleetdeploy.controller.group.GroupStatusWriter;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Reconciles Applications: lists the DeploymentGroups that deploy it, with the revision each runs
 * and the phase of its latest deployment, and is Ready when every one of them is.
 */
@ControllerConfiguration(name = "application")
public final class ApplicationReconciler implements Reconciler<Application> {
  private final StatusUpdater updater;
  private final Clock clock;
  private InformerEventSource<DeploymentGroup, Application> groups;

  public ApplicationReconciler(StatusUpdater updater, Clock clock) {
    this.updater = updater;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Application>> prepareEventSources(
      EventSourceContext<Application> context) {
    groups =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(DeploymentGroup.class, Application.class)
                .withSecondaryToPrimaryMapper(
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
    return List.of(groups);
  }

  @Override
  public UpdateControl<Application> reconcile(Application fromCache, Context<Application> context) {
    Application application = updater.latest(fromCache);
    ApplicationStatus previous =
        application.getStatus() == null ? new ApplicationStatus() : application.getStatus();
    ApplicationStatus status = StatusCopy.of(previous, ApplicationStatus.class);
    List<DeploymentGroup> mine =
        groups
            .list(
                application.getMetadata().getNamespace(),
                g ->
                    application
                        .getMetadata()
                        .getName()
                        .equals(g.getSpec().getApplicationRef().getName()))
            .sorted(Comparator.comparing(g -> g.getMetadata().getName()))
            .toList();
    status.setDeploymentGroups(mine.stream().map(ApplicationReconciler::summary).toList());
    List<String> notReady =
        mine.stream().filter(g -> !ready(g)).map(g -> g.getMetadata().getName()).toList();
    long generation = application.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    Conditions conditions = new Conditions(previous.getConditions());
    if (mine.isEmpty()) {
      conditions.set(
          Conditions.READY,
          true,
          "NoDeploymentGroups",
          "No DeploymentGroup deploys this application yet.");
    } else if (notReady.isEmpty()) {
      conditions.set(
          Conditions.READY,
          true,
          "AllGroupsReady",
          "All " + mine.size() + " deployment group(s) are ready.");
    } else {
      conditions.set(
          Conditions.READY,
          false,
          "GroupsNotReady",
          "Not ready: " + String.join(", ", notReady) + ".");
    }
    status.setConditions(conditions.build(generation, clock.instant()));
    StatusUpdater.Outcome written = updater.update(application, status);
    return written == StatusUpdater.Outcome.CONFLICT
        ? UpdateControl.<Application>noUpdate().rescheduleAfter(Duration.ofMillis(50))
        : UpdateControl.noUpdate();
  }

  private static ApplicationGroupSummary summary(DeploymentGroup group) {
    ApplicationGroupSummary summary = new ApplicationGroupSummary();
    summary.setName(group.getMetadata().getName());
    DeploymentGroupStatus status = group.getStatus();
    if (status != null) {
      summary.setRevision(
          status.getLastSuccessfulRevision() == null
              ? null
              : status.getLastSuccessfulRevision().getSummary());
      boolean failed =
          status.getConditions() != null
              && status.getConditions().stream()
                  .anyMatch(
                      c ->
                          Conditions.DEGRADED.equals(c.getType())
                              && "True".equals(c.getStatus())
                              && (GroupStatusWriter.DEPLOYMENT_FAILED.equals(c.getReason())
                                  || GroupStatusWriter.ROLLED_BACK.equals(c.getReason())));
      summary.setPhase(
          status.getActiveDeployment() != null
              ? "InProgress"
              : failed
                  ? "Failed"
                  : status.getLastSuccessfulDeployment() != null ? "Succeeded" : "None");
    }
    summary.setReady(ready(group));
    return summary;
  }

  private static boolean ready(DeploymentGroup group) {
    List<Condition> conditions =
        group.getStatus() == null ? null : group.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> Conditions.READY.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
