package io.fleetdeploy.dashboard;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fleetdeploy.api.v1alpha1.AutoRollback;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentSpec;
import io.fleetdeploy.api.v1alpha1.ObjectReference;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.controller.Labels;
import io.fleetdeploy.controller.PinnedRevisions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the dashboard may do when {@code --ui-actions} is on, each only after the API server said
 * the requesting user may do it, each by changing a spec (never a status: the controllers act on it
 * as on a kubectl edit), each recorded with who and why.
 */
final class DashboardActions {
  private static final Set<DeploymentPhase> RUNNING =
      EnumSet.of(DeploymentPhase.Created, DeploymentPhase.Queued, DeploymentPhase.InProgress);
  private static final Set<DeploymentPhase> ENDED_BADLY =
      EnumSet.of(DeploymentPhase.Failed, DeploymentPhase.Stopped);
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final KubernetesClient client;
  private final AccessReviewer access;
  private final ActionAudit audit;
  private final Clock clock;

  DashboardActions(KubernetesClient client, AccessReviewer access, ActionAudit audit, Clock clock) {
    this.client = client;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Stops a running deployment ({@code spec.stop: true}); with {@code rollBack} also turns on
   * automatic rollback on a stop ({@code DeploymentStopOnRequest}) for it, as CodeDeploy's
   * stop-deployment with auto-rollback does.
   */
  Deployment stop(Requester requester, String namespace, String name, boolean rollBack, String why)
      throws ActionRefused {
    access.check(requester, "patch", "deployments", namespace, name);
    Deployment current = deployment(namespace, name);
    DeploymentPhase phase =
        current.getStatus() == null || current.getStatus().getPhase() == null
            ? DeploymentPhase.Created
            : current.getStatus().getPhase();
    if (!RUNNING.contains(phase)) {
      throw new ActionRefused(
          409, "Deployment " + namespace + "/" + name + " is " + phase + ": nothing to stop");
    }
    String action = rollBack ? "stop-and-roll-back" : "stop";
    AutoRollback rollback = rollBack ? stopRollback(current) : null;
    Deployment changed =
        edit(
            namespace,
            name,
            d -> {
              d.getMetadata()
                  .setAnnotations(
                      audit.annotate(d.getMetadata().getAnnotations(), requester, action, why));
              d.getSpec().setStop(true);
              if (rollback != null) {
                d.getSpec().setAutoRollback(rollback);
              }
              return d;
            });
    audit.event(
        changed,
        rollBack ? "StopAndRollbackRequested" : "StopRequested",
        requester,
        rollBack ? "stop and roll back" : "stop",
        why);
    return changed;
  }

  /**
   * Rolls the group's declared revision out again after its deployment failed or was stopped:
   * raises {@code spec.retry}, and the group creates a new Deployment for it.
   */
  DeploymentGroup retry(Requester requester, String namespace, String name, String why)
      throws ActionRefused {
    access.check(requester, "patch", "deploymentgroups", namespace, name);
    DeploymentGroup group = group(namespace, name);
    if (group.getSpec() == null || group.getSpec().getRevision() == null) {
      throw new ActionRefused(
          409,
          "DeploymentGroup "
              + namespace
              + "/"
              + name
              + " declares no revision (spec.revision): nothing to retry; roll back or create a"
              + " Deployment instead");
    }
    String declared =
        group.getStatus() == null || group.getStatus().getDeclaredRevision() == null
            ? null
            : group.getStatus().getDeclaredRevision().getDeployment();
    Deployment last = declared == null ? null : deploymentOrNull(namespace, declared);
    if (last == null
        || last.getStatus() == null
        || !ENDED_BADLY.contains(last.getStatus().getPhase())) {
      throw new ActionRefused(
          409,
          "the declared revision of DeploymentGroup "
              + namespace
              + "/"
              + name
              + " has not failed"
              + (last == null || last.getStatus() == null
                  ? ""
                  : " (Deployment " + declared + " is " + last.getStatus().getPhase() + ")")
              + ": nothing to retry");
    }
    DeploymentGroup changed =
        client
            .resources(DeploymentGroup.class)
            .inNamespace(namespace)
            .withName(name)
            .edit(
                g -> {
                  g.getMetadata()
                      .setAnnotations(
                          audit.annotate(
                              g.getMetadata().getAnnotations(), requester, "retry", why));
                  Integer retry = g.getSpec().getRetry();
                  g.getSpec().setRetry(retry == null ? 1 : retry + 1);
                  return g;
                });
    audit.event(
        changed,
        "RetryRequested",
        requester,
        "retry of " + declared + " (spec.retry " + changed.getSpec().getRetry() + ")",
        why);
    return changed;
  }

  /**
   * Rolls the group back to its last successful revision: a new Deployment of exactly those bytes
   * (version and digest pinned) to the whole group, linked to the deployment it rolls back.
   */
  Deployment rollBack(
      Requester requester, String namespace, String groupName, String of, String why)
      throws ActionRefused {
    access.check(requester, "create", "deployments", namespace, null);
    DeploymentGroup group = group(namespace, groupName);
    PinnedRevision lastGood =
        group.getStatus() == null ? null : group.getStatus().getLastSuccessfulRevision();
    if (lastGood == null) {
      throw new ActionRefused(
          409,
          "DeploymentGroup "
              + namespace
              + "/"
              + groupName
              + " has no successful revision to roll back to");
    }
    if (of != null && deploymentOrNull(namespace, of) == null) {
      throw new ActionRefused(404, "Deployment " + namespace + "/" + of + " not found");
    }
    String name = rollbackName(groupName);
    Map<String, String> annotations = audit.annotate(Map.of(), requester, "roll-back", why);
    if (of != null) {
      annotations = new HashMap<>(annotations);
      annotations.put(Labels.ROLLBACK_OF, of);
    }
    Deployment rollback = new Deployment();
    rollback.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(Map.of(Labels.DEPLOYMENT_GROUP, groupName))
            .withAnnotations(annotations)
            .build());
    DeploymentSpec spec = new DeploymentSpec();
    ObjectReference ref = new ObjectReference();
    ref.setName(groupName);
    spec.setDeploymentGroupRef(ref);
    spec.setRevision(PinnedRevisions.asDeclared(lastGood));
    spec.setDescription(
        "Rollback to "
            + lastGood.getSummary()
            + (of == null ? "" : " after " + of)
            + ", requested by "
            + requester.user());
    rollback.setSpec(spec);
    Deployment created;
    try {
      created = client.resource(rollback).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ActionRefused(409, "Deployment " + namespace + "/" + name + " exists already");
      }
      throw e;
    }
    audit.event(
        created, "RollbackRequested", requester, "roll back to " + lastGood.getSummary(), why);
    audit.event(
        group, "RollbackRequested", requester, "roll back to " + lastGood.getSummary(), why);
    return created;
  }

  /**
   * The rollback settings of a stop-and-roll-back: the deployment's own (or its group's) plus a
   * stop.
   */
  private AutoRollback stopRollback(Deployment current) {
    AutoRollback base = current.getSpec().getAutoRollback();
    if (base == null) {
      DeploymentGroup group =
          client
              .resources(DeploymentGroup.class)
              .inNamespace(current.getMetadata().getNamespace())
              .withName(DashboardJson.groupOf(current))
              .get();
      base = group == null || group.getSpec() == null ? null : group.getSpec().getAutoRollback();
    }
    List<RollbackEvent> events = new ArrayList<>();
    if (base != null && Boolean.TRUE.equals(base.getEnabled())) {
      if (base.getEvents() == null || base.getEvents().isEmpty()) {
        events.add(RollbackEvent.DeploymentFailure);
      } else {
        events.addAll(base.getEvents());
      }
    }
    if (!events.contains(RollbackEvent.DeploymentStopOnRequest)) {
      events.add(RollbackEvent.DeploymentStopOnRequest);
    }
    AutoRollback out = new AutoRollback();
    out.setEnabled(true);
    out.setEvents(events);
    return out;
  }

  private Deployment edit(
      String namespace, String name, java.util.function.UnaryOperator<Deployment> change) {
    return client.resources(Deployment.class).inNamespace(namespace).withName(name).edit(change);
  }

  private Deployment deployment(String namespace, String name) throws ActionRefused {
    Deployment d = deploymentOrNull(namespace, name);
    if (d == null) {
      throw new ActionRefused(404, "Deployment " + namespace + "/" + name + " not found");
    }
    return d;
  }

  private Deployment deploymentOrNull(String namespace, String name) {
    return client.resources(Deployment.class).inNamespace(namespace).withName(name).get();
  }

  private DeploymentGroup group(String namespace, String name) throws ActionRefused {
    DeploymentGroup g =
        client.resources(DeploymentGroup.class).inNamespace(namespace).withName(name).get();
    if (g == null) {
      throw new ActionRefused(404, "DeploymentGroup " + namespace + "/" + name + " not found");
    }
    return g;
  }

  private String rollbackName(String group) {
    String suffix = "-rollback-" + NAME_TIME.format(clock.instant());
    return (group.length() + suffix.length() > 253
            ? group.substring(0, 253 - suffix.length())
            : group)
        + suffix;
  }
}
