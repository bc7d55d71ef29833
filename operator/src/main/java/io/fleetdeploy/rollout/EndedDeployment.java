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
 */
public record EndedDeployment(
    RolloutOutcome outcome,
    boolean itselfARollback,
    boolean lastSuccessfulRevisionKnown,
    List<InstanceProgress> instances) {

  public EndedDeployment {
    Objects.requireNonNull(outcome, "outcome");
    instances = List.copyOf(instances);
  }
}
