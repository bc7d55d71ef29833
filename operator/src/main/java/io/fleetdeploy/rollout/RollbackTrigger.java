package io.fleetdeploy.rollout;

import java.util.Optional;

/** The kinds of deployment end that may trigger an automatic rollback. */
public enum RollbackTrigger {
  /** The deployment failed. */
  DEPLOYMENT_FAILURE("DeploymentFailure"),
  /** The deployment was stopped on request. */
  DEPLOYMENT_STOP_ON_REQUEST("DeploymentStopOnRequest"),
  /** The deployment was stopped because a CloudWatch alarm fired (or could not be read). */
  DEPLOYMENT_STOP_ON_ALARM("DeploymentStopOnAlarm");

  private final String apiName;

  RollbackTrigger(String apiName) {
    this.apiName = apiName;
  }

  /** The name used in the API, e.g. {@code DeploymentFailure}. */
  public String apiName() {
    return apiName;
  }

  /** The trigger that an ending fires; none for a success. */
  static Optional<RollbackTrigger> firedBy(EndedDeployment ended) {
    if (ended.outcome() == RolloutOutcome.STOPPED && ended.stoppedByAlarm()) {
      return Optional.of(DEPLOYMENT_STOP_ON_ALARM);
    }
    return firedBy(ended.outcome());
  }

  /** The trigger that an ending with {@code outcome} fires; none for a success. */
  static Optional<RollbackTrigger> firedBy(RolloutOutcome outcome) {
    return switch (outcome) {
      case FAILED -> Optional.of(DEPLOYMENT_FAILURE);
      case STOPPED -> Optional.of(DEPLOYMENT_STOP_ON_REQUEST);
      case SUCCEEDED -> Optional.empty();
    };
  }
}
