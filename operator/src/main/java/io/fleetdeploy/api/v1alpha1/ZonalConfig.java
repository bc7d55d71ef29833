package io.fleetdeploy.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * CodeDeploy's zonal configuration: one Availability Zone at a time, with a bake time between
 * zones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZonalConfig {

  @JsonPropertyDescription(
      "How long to wait after the first Availability Zone before the second (e.g. 1h, 30m, or seconds); defaults to monitorDuration. Alarms are watched meanwhile.")
  @Pattern("^([0-9]+|([0-9]+[hms])+)$")
  @Size(max = 32)
  private String firstZoneMonitorDuration;

  @JsonPropertyDescription(
      "How long to wait after each later Availability Zone before the next one (e.g. 10m, or seconds); 0 when not set. Not after the last zone. Alarms are watched meanwhile.")
  @Pattern("^([0-9]+|([0-9]+[hms])+)$")
  @Size(max = 32)
  private String monitorDuration;

  @JsonPropertyDescription(
      "Instances that must stay healthy in the zone being deployed to, on top of the fleet's minimum healthy hosts (HOST_COUNT, or FLEET_PERCENT of the zone rounded up); 0 when not set.")
  private MinimumHealthyHosts minimumHealthyHostsPerZone;

  public String getFirstZoneMonitorDuration() {
    return firstZoneMonitorDuration;
  }

  public void setFirstZoneMonitorDuration(String firstZoneMonitorDuration) {
    this.firstZoneMonitorDuration = firstZoneMonitorDuration;
  }

  public String getMonitorDuration() {
    return monitorDuration;
  }

  public void setMonitorDuration(String monitorDuration) {
    this.monitorDuration = monitorDuration;
  }

  public MinimumHealthyHosts getMinimumHealthyHostsPerZone() {
    return minimumHealthyHostsPerZone;
  }

  public void setMinimumHealthyHostsPerZone(MinimumHealthyHosts minimumHealthyHostsPerZone) {
    this.minimumHealthyHostsPerZone = minimumHealthyHostsPerZone;
  }
}
