package io.fleetdeploy.rollout;

import java.util.List;
import java.util.Objects;

/**
 * A named rule for how many instances must stay healthy during a deployment, which in turn decides
 * how many are deployed to at once. The three predefined configurations mirror CodeDeploy's {@code
 * CodeDeployDefault.*}; anything else is {@linkplain #custom custom}.
 *
 * @param name the predefined name, or {@value #CUSTOM_NAME} for a custom configuration
 * @param minimumHealthyHosts the rule that becomes the minimum once the fleet size is known
 */
public record DeploymentConfiguration(String name, MinimumHealthyHosts minimumHealthyHosts) {

  public static final String CUSTOM_NAME = "Custom";

  /** Everything at once: the minimum is 0 hosts. Succeeds when any instance succeeds. */
  public static final DeploymentConfiguration ALL_AT_ONCE =
      new DeploymentConfiguration("AllAtOnce", MinimumHealthyHosts.hostCount(0));

  /** Half the fleet (FLEET_PERCENT 50, rounded up) stays healthy. */
  public static final DeploymentConfiguration HALF_AT_A_TIME =
      new DeploymentConfiguration("HalfAtATime", MinimumHealthyHosts.fleetPercent(50));

  /** All but one stay healthy. The default, as in CodeDeploy. */
  public static final DeploymentConfiguration ONE_AT_A_TIME =
      new DeploymentConfiguration("OneAtATime", MinimumHealthyHosts.allButOne());

  /** The predefined configurations, in the order they are listed in messages. */
  public static final List<DeploymentConfiguration> PREDEFINED =
      List.of(ALL_AT_ONCE, HALF_AT_A_TIME, ONE_AT_A_TIME);

  public DeploymentConfiguration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(minimumHealthyHosts, "minimumHealthyHosts");
  }

  public static DeploymentConfiguration custom(MinimumHealthyHosts minimumHealthyHosts) {
    return new DeploymentConfiguration(CUSTOM_NAME, minimumHealthyHosts);
  }

  /** The minimum number of healthy hosts for a deployment to {@code instanceCount} instances. */
  public int minimumHealthyHosts(int instanceCount) {
    return minimumHealthyHosts.resolve(instanceCount);
  }
}
