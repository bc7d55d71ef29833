package io.fleetdeploy.rollout;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether an ended deployment is rolled back automatically: the policy is enabled for the
 * way it ended, there is an earlier good revision, it is not itself a rollback (a failing rollback
 * rolled back again would loop), and it touched at least one instance.
 */
public final class RollbackDecider {

  public RollbackVerdict decide(RollbackPolicy policy, EndedDeployment deployment) {
    Optional<RollbackTrigger> fired = RollbackTrigger.firedBy(deployment);
    if (fired.isEmpty()) {
      return new RollbackVerdict.NoRollback("the deployment succeeded");
    }
    RollbackTrigger trigger = fired.get();
    if (!policy.enabled()) {
      return new RollbackVerdict.NoRollback("automatic rollback is disabled");
    }
    if (!policy.triggers().contains(trigger)) {
      return new RollbackVerdict.NoRollback(
          "automatic rollback is not enabled for "
              + trigger.apiName()
              + " (events: "
              + describe(policy)
              + ")");
    }
    if (deployment.launch()) {
      return new RollbackVerdict.NoRollback(
          "an Auto Scaling launch is never rolled back: its instance is abandoned (Auto Scaling"
              + " replaces it) or held in its lifecycle hook");
    }
    if (deployment.itselfARollback()) {
      return new RollbackVerdict.NoRollback(
          "the deployment is itself a rollback; rolling it back again could loop");
    }
    if (!deployment.lastSuccessfulRevisionKnown()) {
      return new RollbackVerdict.NoRollback(
          "there is no earlier successful revision to roll back to");
    }
    List<String> touched = RollbackTargets.touched(deployment.instances());
    if (touched.isEmpty()) {
      return new RollbackVerdict.NoRollback("the deployment touched no instance");
    }
    return new RollbackVerdict.RollBack(trigger, touched);
  }

  private static String describe(RollbackPolicy policy) {
    if (policy.triggers().isEmpty()) {
      return "none";
    }
    return policy.triggers().stream()
        .sorted()
        .map(RollbackTrigger::apiName)
        .collect(Collectors.joining(", "));
  }
}
