package io.fleetdeploy.bench;

import io.fleetdeploy.api.v1alpha1.DeploymentConfig;
import io.fleetdeploy.api.v1alpha1.MinimumHealthyHosts;
import io.fleetdeploy.api.v1alpha1.MinimumHealthyHostsType;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import java.util.Arrays;

/**
 * {@code --config}: a predefined configuration name, or {@code FLEET_PERCENT:V} / {@code
 * HOST_COUNT:V}.
 */
record BenchConfig(String text, DeploymentConfig config) {

  static BenchConfig parse(String text) {
    DeploymentConfig config = new DeploymentConfig();
    for (PredefinedDeploymentConfig name : PredefinedDeploymentConfig.values()) {
      if (name.name().equals(text)) {
        config.setName(name);
        return new BenchConfig(text, config);
      }
    }
    String[] parts = text.split(":", 2);
    try {
      MinimumHealthyHostsType type = MinimumHealthyHostsType.valueOf(parts[0]);
      int value = Integer.parseInt(parts.length == 2 ? parts[1] : "");
      if (value < 0 || (type == MinimumHealthyHostsType.FLEET_PERCENT && value > 99)) {
        throw new IllegalArgumentException(
            type
                + " must be "
                + (type == MinimumHealthyHostsType.FLEET_PERCENT ? "from 0 to 99" : "0 or more")
                + ", got "
                + value);
      }
      MinimumHealthyHosts minimum = new MinimumHealthyHosts();
      minimum.setType(type);
      minimum.setValue(value);
      config.setMinimumHealthyHosts(minimum);
      return new BenchConfig(text, config);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "': the value after ':' must be a whole number");
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().contains("must be")) {
        throw e;
      }
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a configuration: use "
              + String.join(
                  ", ", Arrays.stream(PredefinedDeploymentConfig.values()).map(Enum::name).toList())
              + ", FLEET_PERCENT:V or HOST_COUNT:V");
    }
  }
}
