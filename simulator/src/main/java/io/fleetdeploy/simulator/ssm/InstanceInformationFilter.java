package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.http.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DescribeInstanceInformation filter, from either Filters or the older
 * InstanceInformationFilterList.
 */
record InstanceInformationFilter(String key, List<String> values) {
  private static final Set<String> KEYS =
      Set.of(
          "InstanceIds",
          "AgentVersion",
          "PingStatus",
          "PlatformTypes",
          "PlatformType",
          "ActivationIds",
          "IamRole",
          "ResourceType",
          "AssociationStatus",
          "SourceIds",
          "SourceTypes",
          "tag-key");

  boolean isTag() {
    return key != null && (key.startsWith("tag:") || key.equals("tag-key"));
  }

  void validate() {
    if (key == null || (!KEYS.contains(key) && !key.startsWith("tag:"))) {
      throw ApiException.badRequest(
          "InvalidInstanceInformationFilterValue",
          "Filter key " + key + " is not valid: use one of " + KEYS + " or tag:<key>.");
    }
    if (values.isEmpty()) {
      throw ApiException.badRequest(
          "InvalidInstanceInformationFilterValue", "Filter " + key + " needs at least one value.");
    }
  }

  boolean matches(InstanceSnapshot host, Map<String, Object> info) {
    return switch (key) {
      case "InstanceIds", "SourceIds" -> values.contains(host.id());
      case "PingStatus" -> values.contains((String) info.get("PingStatus"));
      case "PlatformTypes", "PlatformType" -> values.contains("Linux");
      case "ResourceType" -> values.contains((String) info.get("ResourceType"));
      case "SourceTypes" -> values.contains((String) info.get("SourceType"));
      case "AgentVersion" -> values.contains(ManagedInstanceApi.AGENT_VERSION);
      case "AssociationStatus" -> values.contains("Success");
      case "IamRole" -> values.contains((String) info.get("IamRole"));
      case "ActivationIds" ->
          info.get("ActivationId") != null && values.contains((String) info.get("ActivationId"));
      case "tag-key" -> values.stream().anyMatch(host.tags()::containsKey);
      default -> values.contains(host.tags().get(key.substring(4)));
    };
  }
}
