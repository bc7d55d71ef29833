package io.fleetdeploy.rollout;

/**
 * The check CodeDeploy makes before it touches any host: there must be instances, and the minimum
 * healthy hosts must leave at least one of them to deploy to. OneAtATime ("all but one") always
 * does.
 */
public final class StartCheck {
  private StartCheck() {}

  public static StartVerdict evaluate(DeploymentConfiguration configuration, int instanceCount) {
    if (instanceCount < 0) {
      throw new IllegalArgumentException(
          "instanceCount must not be negative, got " + instanceCount);
    }
    if (instanceCount == 0) {
      return new StartVerdict.Rejected(
          RolloutErrorCode.NO_INSTANCES,
          "the deployment group matches no instances; check its tag filters and Auto Scaling groups");
    }
    MinimumHealthyHosts rule = configuration.minimumHealthyHosts();
    int minimum = rule.resolve(instanceCount);
    String arithmetic = " (" + rule.explain(instanceCount) + ")";
    if (minimum >= instanceCount) {
      return new StartVerdict.Rejected(
          RolloutErrorCode.HEALTH_CONSTRAINTS_INVALID,
          noRoomMessage(minimum, arithmetic, instanceCount));
    }
    return new StartVerdict.Accepted(minimum, minimum + arithmetic);
  }

  static String noRoomMessage(int minimum, String arithmetic, int instanceCount) {
    return "minimum healthy hosts is "
        + minimum
        + arithmetic
        + ", which leaves no instance to deploy to; lower it below "
        + instanceCount;
  }
}
