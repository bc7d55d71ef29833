package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.AutoRollback;
import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentConfig;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.RollbackEvent;
import io.fleetdeploy.appspec.FileExistsBehavior;
import io.fleetdeploy.controller.Targeting;
import io.fleetdeploy.fleet.TargetSelector;
import io.fleetdeploy.rollout.DeploymentConfiguration;
import io.fleetdeploy.rollout.DeploymentConfigurationParser;
import io.fleetdeploy.rollout.RollbackPolicy;
import io.fleetdeploy.rollout.RolloutSettingException;
import io.fleetdeploy.rollout.RolloutShape;
import java.util.List;
import java.util.Optional;

/**
 * What a deployment runs with: the Deployment's overrides over its group's settings, turned into
 * the pure types of the rollout and host-plan logic.
 */
record DeploymentSettings(
    DeploymentConfiguration configuration,
    String configurationText,
    Optional<FileExistsBehavior> fileExistsBehavior,
    boolean ignoreApplicationStopFailures,
    RollbackPolicy rollbackPolicy,
    TargetSelector targets,
    RolloutShape shape) {

  static DeploymentSettings resolve(Deployment deployment, DeploymentGroup group) {
    var spec = deployment.getSpec();
    var groupSpec = group.getSpec();
    DeploymentConfig config =
        spec.getDeploymentConfig() != null
            ? spec.getDeploymentConfig()
            : groupSpec.getDeploymentConfig();
    String where =
        spec.getDeploymentConfig() != null
            ? "spec.deploymentConfig"
            : "DeploymentGroup spec.deploymentConfig";
    DeploymentConfiguration configuration;
    try {
      configuration =
          config == null
              ? DeploymentConfiguration.ONE_AT_A_TIME
              : DeploymentConfigurationParser.parse(
                  config.getName() == null ? null : config.getName().name(),
                  config.getMinimumHealthyHosts() == null
                      ? null
                      : config.getMinimumHealthyHosts().getType().name(),
                  config.getMinimumHealthyHosts() == null
                      ? null
                      : config.getMinimumHealthyHosts().getValue());
    } catch (RolloutSettingException e) {
      throw new InvalidSpecException(where + "." + e.getMessage());
    }
    RolloutShape shape;
    try {
      shape = RolloutShapes.of(config);
    } catch (RolloutSettingException e) {
      throw new InvalidSpecException(where + "." + e.getMessage());
    }
    var fileExists =
        spec.getFileExistsBehavior() != null
            ? spec.getFileExistsBehavior()
            : groupSpec.getFileExistsBehavior();
    AutoRollback rollback =
        spec.getAutoRollback() != null ? spec.getAutoRollback() : groupSpec.getAutoRollback();
    RollbackPolicy policy;
    try {
      policy =
          rollback == null
              ? RollbackPolicy.DISABLED
              : RollbackPolicy.parse(
                  Boolean.TRUE.equals(rollback.getEnabled()),
                  rollback.getEvents() == null
                      ? List.of()
                      : rollback.getEvents().stream().map(RollbackEvent::name).toList());
    } catch (RolloutSettingException e) {
      throw new InvalidSpecException("autoRollback." + e.getMessage());
    }
    return new DeploymentSettings(
        configuration,
        describe(config),
        Optional.ofNullable(fileExists).map(DeploymentSettings::fileExistsBehavior),
        Boolean.TRUE.equals(spec.getIgnoreApplicationStopFailures()),
        policy,
        Targeting.selector(groupSpec.getTargets()),
        shape);
  }

  private static FileExistsBehavior fileExistsBehavior(
      io.fleetdeploy.api.v1alpha1.FileExistsBehavior behavior) {
    return switch (behavior) {
      case DISALLOW -> FileExistsBehavior.DISALLOW;
      case OVERWRITE -> FileExistsBehavior.OVERWRITE;
      case RETAIN -> FileExistsBehavior.RETAIN;
    };
  }

  private static String describe(DeploymentConfig config) {
    if (config == null) {
      return "OneAtATime";
    }
    String shape =
        config.getZonal() != null
            ? ", zonal"
            : config.getSteps() != null ? ", " + config.getSteps().size() + " steps" : "";
    if (config.getName() != null) {
      return config.getName().name() + shape;
    }
    if (config.getMinimumHealthyHosts() == null) {
      return "OneAtATime" + shape;
    }
    return config.getMinimumHealthyHosts().getType()
        + ":"
        + config.getMinimumHealthyHosts().getValue()
        + shape;
  }
}
