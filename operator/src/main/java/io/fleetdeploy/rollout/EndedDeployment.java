package io.fleetdeploy.rollout;

import java.util.List;
import java.util.Objects;

/**
 * What the rollback decision needs to know about a deployment that has ended.
 *
 * @param outcome how it ended
 * @param itselfARollback whether it was created by an automatic rollback
 * @param lastSuccessfulRevisionKnown whether the group has an earlier successful revision to go
 *     back to
 * @param instances the final per-instance statuses
 * @param launch whether it deployed an instance Auto Scaling launched (held in a lifecycle hook)
 * @param stoppedByAlarm whether a stop came from a CloudWatch alarm rather than a request
 */
public record EndedDeployment(
    RolloutOutcome outcome,
    boolean itselfARollback,
    boolean lastSuccessfulRevisionKnown,
    List<InstanceProgress> instances,
    boolean launch,
    boolean stoppedByAlarm) {

  public EndedDeployment {
    Objects.requireNonNull(outcome, "outcome");
    instances = List.copyOf(instances);
  }

  /** Not stopped by an alarm. */
  public EndedDeployment(
      RolloutOutcome outcome,
      boolean itselfARollback,
      boolean lastSuccessfulRevisionKnown,
      List<InstanceProgress> instances,
      boolean launch) {
    this(outcome, itselfARollback, lastSuccessfulRevisionKnown, instances, launch, false);
  }

  /** A group rollout (not an Auto Scaling launch). */
  public EndedDeployment(
      RolloutOutcome outcome,
      boolean itselfARollback,
      boolean lastSuccessfulRevisionKnown,
      List<InstanceProgress> instances) {
    this(outcome, itselfARollback, lastSuccessfulRevisionKnown, instances, false);
  }
}
