package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import java.util.Optional;

/**
 * Whether one of a group's alarms fires, asked while a staged rollout watches alarms (a {@code
 * checkAlarms} step, a zonal bake). Implementations poll the group's alarm configuration.
 */
@FunctionalInterface
public interface AlarmCheck {

  /** No alarms: nothing ever fires. Used until a group's alarms are polled. */
  AlarmCheck NONE = (deployment, group) -> Optional.empty();

  /**
   * The alarm in ALARM, with a sentence saying which and why (e.g. {@code alarm web-5xx is in
   * ALARM}), or empty when none is.
   */
  Optional<String> firing(Deployment deployment, DeploymentGroup group);
}
