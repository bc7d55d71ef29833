package io.fleetdeploy.rollout;

import static io.fleetdeploy.rollout.Health.HEALTHY;
import static io.fleetdeploy.rollout.Health.UNHEALTHY;
import static io.fleetdeploy.rollout.InstanceStatus.FAILED;
import static io.fleetdeploy.rollout.InstanceStatus.IN_PROGRESS;
import static io.fleetdeploy.rollout.InstanceStatus.PENDING;
import static io.fleetdeploy.rollout.InstanceStatus.SKIPPED;
import static io.fleetdeploy.rollout.InstanceStatus.SUCCEEDED;
import static io.fleetdeploy.rollout.RollbackTrigger.DEPLOYMENT_FAILURE;
import static io.fleetdeploy.rollout.RollbackTrigger.DEPLOYMENT_STOP_ON_REQUEST;
import static io.fleetdeploy.rollout.TestFleet.instance;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RollbackDeciderTest {

  private static final List<InstanceProgress> FINAL_STATUSES =
      List.of(
          instance("i-1", HEALTHY, SUCCEEDED),
          instance("i-2", HEALTHY, SKIPPED),
          instance("i-3", HEALTHY, FAILED),
          instance("i-4", UNHEALTHY, SUCCEEDED),
          instance("i-5", HEALTHY, PENDING),
          instance("i-6", HEALTHY, IN_PROGRESS));

  private static final RollbackPolicy BOTH =
      new RollbackPolicy(true, Set.of(DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_REQUEST));

  private final RollbackDecider decider = new RollbackDecider();

  private static EndedDeployment ended(RolloutOutcome outcome) {
    return new EndedDeployment(outcome, false, true, FINAL_STATUSES);
  }

  @Test
  void touchedAreSucceededFailedAndInProgressInRolloutOrder() {
    assertThat(RollbackTargets.touched(FINAL_STATUSES)).containsExactly("i-4", "i-1", "i-3", "i-6");
  }

  @Test
  void aFailedDeploymentRollsBackWhatItTouched() {
    assertThat(decider.decide(BOTH, ended(RolloutOutcome.FAILED)))
        .isEqualTo(
            new RollbackVerdict.RollBack(DEPLOYMENT_FAILURE, List.of("i-4", "i-1", "i-3", "i-6")));
  }

  @Test
  void aStoppedDeploymentRollsBackOnStopOnRequest() {
    assertThat(decider.decide(BOTH, ended(RolloutOutcome.STOPPED)))
        .isInstanceOfSatisfying(
            RollbackVerdict.RollBack.class,
            rollBack -> assertThat(rollBack.trigger()).isEqualTo(DEPLOYMENT_STOP_ON_REQUEST));
  }

  @Test
  void aStopByAnAlarmRollsBackOnlyOnStopOnAlarm() {
    EndedDeployment byAlarm =
        new EndedDeployment(RolloutOutcome.STOPPED, false, true, FINAL_STATUSES, false, true);
    assertThat(decider.decide(BOTH, byAlarm))
        .isInstanceOfSatisfying(
            RollbackVerdict.NoRollback.class,
            no -> assertThat(no.reason()).contains("not enabled for DeploymentStopOnAlarm"));
    assertThat(
            decider.decide(
                new RollbackPolicy(true, Set.of(RollbackTrigger.DEPLOYMENT_STOP_ON_ALARM)),
                byAlarm))
        .isInstanceOfSatisfying(
            RollbackVerdict.RollBack.class,
            rollBack ->
                assertThat(rollBack.trigger()).isEqualTo(RollbackTrigger.DEPLOYMENT_STOP_ON_ALARM));
  }

  @Test
  void noRollbackAfterSuccess() {
    assertThat(decider.decide(BOTH, ended(RolloutOutcome.SUCCEEDED)))
        .isEqualTo(new RollbackVerdict.NoRollback("the deployment succeeded"));
  }

  @Test
  void noRollbackWhenDisabled() {
    assertThat(
            decider.decide(
                new RollbackPolicy(false, BOTH.triggers()), ended(RolloutOutcome.FAILED)))
        .isEqualTo(new RollbackVerdict.NoRollback("automatic rollback is disabled"));
  }

  @Test
  void noRollbackForAnEventNotListed() {
    RollbackPolicy onFailureOnly = new RollbackPolicy(true, Set.of(DEPLOYMENT_FAILURE));
    assertThat(decider.decide(onFailureOnly, ended(RolloutOutcome.STOPPED)))
        .isEqualTo(
            new RollbackVerdict.NoRollback(
                "automatic rollback is not enabled for DeploymentStopOnRequest (events:"
                    + " DeploymentFailure)"));
    assertThat(decider.decide(new RollbackPolicy(true, Set.of()), ended(RolloutOutcome.FAILED)))
        .isEqualTo(
            new RollbackVerdict.NoRollback(
                "automatic rollback is not enabled for DeploymentFailure (events: none)"));
  }

  @Test
  void aRollbackIsNeverRolledBack() {
    EndedDeployment failedRollback =
        new EndedDeployment(RolloutOutcome.FAILED, true, true, FINAL_STATUSES);
    assertThat(decider.decide(BOTH, failedRollback))
        .isEqualTo(
            new RollbackVerdict.NoRollback(
                "the deployment is itself a rollback; rolling it back again could loop"));
  }

  @Test
  void noRollbackWithoutAnEarlierGoodRevision() {
    EndedDeployment first =
        new EndedDeployment(RolloutOutcome.FAILED, false, false, FINAL_STATUSES);
    assertThat(decider.decide(BOTH, first))
        .isEqualTo(
            new RollbackVerdict.NoRollback(
                "there is no earlier successful revision to roll back to"));
  }

  @Test
  void noRollbackWhenNothingWasTouched() {
    EndedDeployment untouched =
        new EndedDeployment(
            RolloutOutcome.STOPPED,
            false,
            true,
            List.of(instance("i-1", HEALTHY, SKIPPED), instance("i-2", HEALTHY, PENDING)));
    assertThat(decider.decide(BOTH, untouched))
        .isEqualTo(new RollbackVerdict.NoRollback("the deployment touched no instance"));
  }
}
