package io.fleetdeploy.testing;

import io.fleetdeploy.api.v1alpha1.CheckAlarmsStep;
import io.fleetdeploy.api.v1alpha1.DeploymentConfig;
import io.fleetdeploy.api.v1alpha1.DeploymentStep;
import io.fleetdeploy.api.v1alpha1.MinimumHealthyHosts;
import io.fleetdeploy.api.v1alpha1.MinimumHealthyHostsType;
import io.fleetdeploy.api.v1alpha1.PauseStep;
import io.fleetdeploy.api.v1alpha1.SetInstancesStep;
import io.fleetdeploy.api.v1alpha1.ZonalConfig;
import java.util.List;

/** Builders for stepped and zonal deployment configurations in tests. */
public final class StagedConfigs {
  private StagedConfigs() {}

  public static DeploymentConfig steps(DeploymentConfig base, DeploymentStep... steps) {
    base.setSteps(List.of(steps));
    return base;
  }

  public static DeploymentStep count(int n) {
    SetInstancesStep set = new SetInstancesStep();
    set.setCount(n);
    DeploymentStep step = new DeploymentStep();
    step.setSetInstances(set);
    return step;
  }

  public static DeploymentStep percent(int p) {
    SetInstancesStep set = new SetInstancesStep();
    set.setPercent(p);
    DeploymentStep step = new DeploymentStep();
    step.setSetInstances(set);
    return step;
  }

  /** A pause for {@code duration}, or until promoted when null. */
  public static DeploymentStep pause(String duration) {
    PauseStep pause = new PauseStep();
    pause.setDuration(duration);
    DeploymentStep step = new DeploymentStep();
    step.setPause(pause);
    return step;
  }

  public static DeploymentStep checkAlarms(String duration) {
    CheckAlarmsStep check = new CheckAlarmsStep();
    check.setDuration(duration);
    DeploymentStep step = new DeploymentStep();
    step.setCheckAlarms(check);
    return step;
  }

  public static DeploymentConfig zonal(
      DeploymentConfig base, String first, String monitor, Integer perZoneHostCount) {
    ZonalConfig zonal = new ZonalConfig();
    zonal.setFirstZoneMonitorDuration(first);
    zonal.setMonitorDuration(monitor);
    if (perZoneHostCount != null) {
      MinimumHealthyHosts m = new MinimumHealthyHosts();
      m.setType(MinimumHealthyHostsType.HOST_COUNT);
      m.setValue(perZoneHostCount);
      zonal.setMinimumHealthyHostsPerZone(m);
    }
    base.setZonal(zonal);
    return base;
  }
}
