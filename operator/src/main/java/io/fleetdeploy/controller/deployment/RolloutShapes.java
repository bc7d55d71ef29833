package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.DeploymentConfig;
import io.fleetdeploy.api.v1alpha1.DeploymentStep;
import io.fleetdeploy.api.v1alpha1.ZonalConfig;
import io.fleetdeploy.rollout.DeploymentConfigurationParser;
import io.fleetdeploy.rollout.MinimumHealthyHosts;
import io.fleetdeploy.rollout.RolloutSettingException;
import io.fleetdeploy.rollout.RolloutShape;
import io.fleetdeploy.rollout.RolloutStep;
import io.fleetdeploy.rollout.StepDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code deploymentConfig.steps} and {@code deploymentConfig.zonal} into a {@link
 * RolloutShape}, rejecting what cannot be used with a {@link RolloutSettingException} whose field
 * is relative to {@code deploymentConfig} (e.g. {@code steps[2].pause.duration}). The CRD's rules
 * reject most of it at admission already; this also covers objects written around them.
 */
final class RolloutShapes {
  private RolloutShapes() {}

  static RolloutShape of(DeploymentConfig config) {
    if (config == null || (config.getZonal() == null && config.getSteps() == null)) {
      return RolloutShape.PLAIN;
    }
    if (config.getZonal() != null && config.getSteps() != null) {
      throw new RolloutSettingException("zonal", "set zonal or steps, not both");
    }
    if (config.getZonal() != null) {
      return zonal(config.getZonal());
    }
    return steps(config.getSteps());
  }

  private static RolloutShape zonal(ZonalConfig zonal) {
    Optional<Duration> first =
        zonal.getFirstZoneMonitorDuration() == null
            ? Optional.empty()
            : Optional.of(
                StepDuration.parse(
                    "zonal.firstZoneMonitorDuration", zonal.getFirstZoneMonitorDuration()));
    Duration monitor =
        zonal.getMonitorDuration() == null
            ? Duration.ZERO
            : StepDuration.parse("zonal.monitorDuration", zonal.getMonitorDuration());
    MinimumHealthyHosts perZone = MinimumHealthyHosts.hostCount(0);
    if (zonal.getMinimumHealthyHostsPerZone() != null) {
      var m = zonal.getMinimumHealthyHostsPerZone();
      try {
        perZone =
            DeploymentConfigurationParser.parseMinimum(
                m.getType() == null ? null : m.getType().name(), m.getValue());
      } catch (RolloutSettingException e) {
        throw new RolloutSettingException(
            "zonal.minimumHealthyHostsPerZone" + e.field().substring(e.field().indexOf('.')),
            e.problem());
      }
    }
    return new RolloutShape.Zonal(first, monitor, perZone);
  }

  private static RolloutShape steps(List<DeploymentStep> specs) {
    if (specs.isEmpty()) {
      throw new RolloutSettingException(
          "steps", "is empty; list at least one step, or leave it out");
    }
    List<RolloutStep> steps = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      String field = "steps[" + i + "]";
      DeploymentStep s = specs.get(i);
      if (s == null) {
        throw new RolloutSettingException(field, "is empty; " + oneOf());
      }
      int given =
          (s.getSetInstances() != null ? 1 : 0)
              + (s.getPause() != null ? 1 : 0)
              + (s.getCheckAlarms() != null ? 1 : 0);
      if (given != 1) {
        throw new RolloutSettingException(
            field, (given == 0 ? "is empty; " : "has " + given + " kinds; ") + oneOf());
      }
      if (s.getSetInstances() != null) {
        Integer count = s.getSetInstances().getCount();
        Integer percent = s.getSetInstances().getPercent();
        if ((count == null) == (percent == null)) {
          throw new RolloutSettingException(
              field + ".setInstances", "needs exactly one of count or percent");
        }
        if (count != null && count < 1) {
          throw new RolloutSettingException(
              field + ".setInstances.count", "must be 1 or more, got " + count);
        }
        if (percent != null && (percent < 1 || percent > 100)) {
          throw new RolloutSettingException(
              field + ".setInstances.percent", "must be from 1 to 100, got " + percent);
        }
        steps.add(
            new RolloutStep.SetInstances(Optional.ofNullable(count), Optional.ofNullable(percent)));
      } else if (s.getPause() != null) {
        steps.add(
            new RolloutStep.Pause(
                s.getPause().getDuration() == null
                    ? Optional.empty()
                    : Optional.of(
                        StepDuration.parse(
                            field + ".pause.duration", s.getPause().getDuration()))));
      } else {
        steps.add(
            new RolloutStep.CheckAlarms(
                StepDuration.parse(
                    field + ".checkAlarms.duration", s.getCheckAlarms().getDuration())));
      }
    }
    return new RolloutShape.Steps(steps);
  }

  private static String oneOf() {
    return "a step is exactly one of setInstances: {count|percent}, pause: {duration} or pause: {},"
        + " checkAlarms: {duration}";
  }
}
