package io.fleetdeploy.controller.notification;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.DeploymentPhase;
import io.fleetdeploy.api.v1alpha1.DeploymentStatus;
import io.fleetdeploy.api.v1alpha1.ExecutionStatus;
import io.fleetdeploy.api.v1alpha1.InstanceStatus;
import io.fleetdeploy.api.v1alpha1.NotificationStatus;
import io.fleetdeploy.api.v1alpha1.Trigger;
import io.fleetdeploy.api.v1alpha1.TriggerEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which trigger notifications a Deployment's status now calls for, and records them in that
 * status ({@code status.notifications}) before anything is sent: the status write that makes an
 * event true (a batch marked, a final phase) also records its notification, and the messages are
 * handed to the sender only once that write succeeded. A notification is therefore sent at most
 * once, across restarts and conflicts; an operator that dies between the write and the send loses
 * that message (it is never sent twice). At-most-once was chosen over at-least-once because a
 * trigger's consumers (chat, paging, pipelines) act on each message, and CodeDeploy's own triggers
 * give no duplicate-free guarantee that consumers could rely on to deduplicate.
 *
 * <p>What is recorded is compact: flags for the deployment events and, for instance events, the
 * highest batch number up to which they were recorded (batches start and end in order), so a
 * deployment of thousands of instances records five numbers, not one entry per instance.
 */
public final class TriggerClaims {
  private final String region;

  public TriggerClaims(String region) {
    this.region = region;
  }

  /** The notifications due for {@code status} (to be written), recorded in it. */
  public List<Notification> claim(Deployment d, DeploymentGroup group, DeploymentStatus status) {
    List<Trigger> triggers = group.getSpec().getTriggers();
    if (triggers == null || triggers.isEmpty()) {
      return List.of();
    }
    NotificationStatus sent =
        status.getNotifications() == null ? new NotificationStatus() : status.getNotifications();
    List<Notification> out = new ArrayList<>();
    DeploymentPhase phase = status.getPhase() == null ? DeploymentPhase.Created : status.getPhase();
    boolean started = status.getStartTime() != null;
    if (started && !Boolean.TRUE.equals(sent.getDeploymentStart())) {
      sent.setDeploymentStart(true);
      out.addAll(deploymentEvent(d, status, group, TriggerEvent.DeploymentStart, "STARTED"));
    }
    Map<Integer, List<InstanceStatus>> batches = new TreeMap<>();
    if (status.getInstances() != null) {
      for (InstanceStatus i : status.getInstances()) {
        if (i.getBatch() != null) {
          batches.computeIfAbsent(i.getBatch(), b -> new ArrayList<>()).add(i);
        }
      }
    }
    int startedThrough = value(sent.getInstanceStartBatches());
    int endedThrough = value(sent.getInstanceEndBatches());
    for (Map.Entry<Integer, List<InstanceStatus>> batch : batches.entrySet()) {
      int n = batch.getKey();
      if (n > startedThrough) {
        out.addAll(instanceEvent(d, group, TriggerEvent.InstanceStart, n, batch.getValue()));
        startedThrough = n;
      }
      boolean done =
          batch.getValue().stream().noneMatch(i -> i.getStatus() == ExecutionStatus.InProgress);
      if (n == endedThrough + 1 && done) {
        out.addAll(
            instanceEvent(
                d,
                group,
                TriggerEvent.InstanceSuccess,
                n,
                with(batch.getValue(), ExecutionStatus.Succeeded)));
        out.addAll(
            instanceEvent(
                d,
                group,
                TriggerEvent.InstanceFailure,
                n,
                with(batch.getValue(), ExecutionStatus.Failed)));
        endedThrough = n;
      }
    }
    sent.setInstanceStartBatches(startedThrough);
    sent.setInstanceEndBatches(endedThrough);
    if (phase.finished() && !Boolean.TRUE.equals(sent.getDeploymentEnd())) {
      sent.setDeploymentEnd(true);
      TriggerEvent event =
          switch (phase) {
            case Succeeded -> TriggerEvent.DeploymentSuccess;
            case Stopped -> TriggerEvent.DeploymentStop;
            default -> TriggerEvent.DeploymentFailure;
          };
      out.addAll(deploymentEvent(d, status, group, event, TriggerMessages.status(phase)));
    }
    if (status.getRollbackInfo() != null
        && status.getRollbackInfo().getRollbackDeployment() != null
        && !Boolean.TRUE.equals(sent.getDeploymentRollback())) {
      sent.setDeploymentRollback(true);
      out.addAll(deploymentEvent(d, status, group, TriggerEvent.DeploymentRollback, "ROLLBACK"));
    }
    status.setNotifications(sent);
    return out;
  }

  private List<Notification> deploymentEvent(
      Deployment d,
      DeploymentStatus status,
      DeploymentGroup group,
      TriggerEvent event,
      String what) {
    List<Notification> out = new ArrayList<>();
    for (Trigger trigger : group.getSpec().getTriggers()) {
      if (trigger.getEvents() != null && trigger.getEvents().contains(event)) {
        TriggerMessages messages = messages(trigger);
        out.add(
            new Notification(
                group.getMetadata().getNamespace(),
                trigger.getName(),
                event,
                trigger.getDestination(),
                messages.subject(what, d, group),
                messages.deployment(d, status, group, trigger)));
      }
    }
    return out;
  }

  private List<Notification> instanceEvent(
      Deployment d,
      DeploymentGroup group,
      TriggerEvent event,
      int batch,
      List<InstanceStatus> instances) {
    List<Notification> out = new ArrayList<>();
    if (instances.isEmpty()) {
      return out;
    }
    for (Trigger trigger : group.getSpec().getTriggers()) {
      if (trigger.getEvents() != null && trigger.getEvents().contains(event)) {
        TriggerMessages messages = messages(trigger);
        out.add(
            new Notification(
                group.getMetadata().getNamespace(),
                trigger.getName(),
                event,
                trigger.getDestination(),
                messages.subject(event.name() + " (batch " + batch + ")", d, group),
                messages.instances(d, trigger, batch, instances)));
      }
    }
    return out;
  }

  /** Region and account of an SNS topic come from its ARN; a webhook gets the operator's region. */
  private TriggerMessages messages(Trigger trigger) {
    String arn =
        trigger.getDestination() == null ? null : trigger.getDestination().getSnsTopicArn();
    if (arn != null) {
      String[] parts = arn.split(":");
      if (parts.length >= 6) {
        return new TriggerMessages(parts[3], parts[4]);
      }
    }
    return new TriggerMessages(region, "");
  }

  private static List<InstanceStatus> with(List<InstanceStatus> batch, ExecutionStatus status) {
    return batch.stream().filter(i -> i.getStatus() == status).toList();
  }

  private static int value(Integer n) {
    return n == null ? 0 : n;
  }
}
