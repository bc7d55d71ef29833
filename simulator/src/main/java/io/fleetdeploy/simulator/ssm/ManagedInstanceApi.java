package io.fleetdeploy.simulator.ssm;

import io.fleetdeploy.simulator.Faults;
import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.fleet.InstanceState;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Managed nodes: DescribeInstanceInformation, and tags on on-premises servers (and documents). */
final class ManagedInstanceApi {
  static final String AGENT_VERSION = "3.3.1142.0";

  private final Fleet fleet;
  private final Faults faults;
  private final SimClock clock;
  private final DocumentStore documents;

  ManagedInstanceApi(Fleet fleet, Faults faults, SimClock clock, DocumentStore documents) {
    this.fleet = fleet;
    this.faults = faults;
    this.clock = clock;
    this.documents = documents;
  }

  Map<String, Object> describeInstanceInformation(JsonArgs a) {
    Integer maxResults = a.integer("MaxResults");
    Constraints.range("maxResults", maxResults, 5, 50);
    int pageSize = maxResults == null ? 10 : maxResults;
    List<InstanceInformationFilter> filters = new ArrayList<>();
    for (JsonArgs f : orEmptyList(a.structs("InstanceInformationFilterList"))) {
      filters.add(
          new InstanceInformationFilter(f.string("key"), orEmptyStrings(f.strings("valueSet"))));
    }
    for (JsonArgs f : orEmptyList(a.structs("Filters"))) {
      filters.add(
          new InstanceInformationFilter(f.string("Key"), orEmptyStrings(f.strings("Values"))));
    }
    boolean anyTag = filters.stream().anyMatch(InstanceInformationFilter::isTag);
    boolean anyOther = filters.stream().anyMatch(f -> !f.isTag());
    if (anyTag && anyOther) {
      throw ApiException.badRequest(
          "InvalidInstanceInformationFilterValue",
          "Tag filters can't be combined with other filter types.");
    }
    for (InstanceInformationFilter f : filters) {
      f.validate();
    }
    List<InstanceSnapshot> hosts =
        fleet.allHosts().stream()
            .filter(h -> h.isSsmManaged() && (h.onPremises() || h.state() == InstanceState.RUNNING))
            .toList();
    for (InstanceInformationFilter f : filters) {
      if (f.key().equals("InstanceIds")) {
        List<String> unknown =
            f.values().stream()
                .filter(id -> hosts.stream().noneMatch(h -> h.id().equals(id)))
                .toList();
        if (!unknown.isEmpty()) {
          throw ApiException.badRequest(
              "InvalidInstanceId",
              "Instances "
                  + unknown
                  + " are not managed instances of account "
                  + fleet.accountId()
                  + " that can be described.");
        }
      }
    }
    long after =
        a.string("NextToken") == null
            ? -1
            : PageToken.decode("DescribeInstanceInformation", a.string("NextToken"));
    List<Map<String, Object>> page = new ArrayList<>();
    String token = null;
    for (InstanceSnapshot host : hosts) {
      Map<String, Object> info = instanceInformation(host);
      if (host.seq() <= after || !filters.stream().allMatch(f -> f.matches(host, info))) {
        continue;
      }
      if (page.size() == pageSize) {
        token = PageToken.encode("DescribeInstanceInformation", host.seq() - 1);
        break;
      }
      page.add(info);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("InstanceInformationList", page);
    out.put("NextToken", token);
    return out;
  }

  private Map<String, Object> instanceInformation(InstanceSnapshot host) {
    Instant now = clock.now();
    boolean online = !faults.isAgentOffline(host.id());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("InstanceId", host.id());
    m.put("PingStatus", online ? "Online" : "ConnectionLost");
    m.put("LastPingDateTime", AwsTime.epochSeconds(online ? now : now.minusSeconds(600)));
    m.put("AgentVersion", AGENT_VERSION);
    m.put("IsLatestVersion", true);
    m.put("PlatformType", "Linux");
    m.put("PlatformName", "Amazon Linux");
    m.put("PlatformVersion", "2023");
    m.put("ResourceType", host.onPremises() ? "ManagedInstance" : "EC2Instance");
    m.put("IPAddress", host.privateIp());
    if (host.onPremises()) {
      m.put("ActivationId", activationIdOf(host));
      m.put("IamRole", "SSMServiceRole");
      m.put("RegistrationDate", AwsTime.epochSeconds(host.registeredAt()));
      m.put("Name", host.tags().getOrDefault("Name", host.id()));
      m.put("ComputerName", host.tags().getOrDefault("Name", host.id()) + ".onprem.local");
    } else {
      m.put(
          "ComputerName",
          "ip-" + host.privateIp().replace('.', '-') + "." + fleet.region() + ".compute.internal");
    }
    m.put("AssociationStatus", "Success");
    m.put("SourceId", host.id());
    m.put("SourceType", host.onPremises() ? "AWS::SSM::ManagedInstance" : "AWS::EC2::Instance");
    return m;
  }

  private static String activationIdOf(InstanceSnapshot host) {
    String hex = String.format("%032x", Math.abs((long) host.id().hashCode()));
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20, 32);
  }

  Map<String, Object> addTags(JsonArgs a) {
    String type = a.string("ResourceType");
    String id = a.string("ResourceId");
    Constraints.required("resourceType", type);
    Constraints.required("resourceId", id);
    Map<String, String> tags = SsmTags.parse(a.structs("Tags"));
    if ("ManagedInstance".equals(type)) {
      fleet.putTags(List.of(requireManagedInstance(id)), tags);
    } else if ("Document".equals(type)) {
      documents.putTags(id, tags);
    } else {
      throw unsupportedResourceType(type);
    }
    return Map.of();
  }

  Map<String, Object> removeTags(JsonArgs a) {
    String type = a.string("ResourceType");
    String id = a.string("ResourceId");
    Constraints.required("resourceType", type);
    Constraints.required("resourceId", id);
    List<String> keys = orEmptyStrings(a.strings("TagKeys"));
    if ("ManagedInstance".equals(type)) {
      Map<String, String> remove = new LinkedHashMap<>();
      keys.forEach(k -> remove.put(k, null));
      fleet.removeTags(List.of(requireManagedInstance(id)), remove);
    } else if ("Document".equals(type)) {
      documents.removeTags(id, keys);
    } else {
      throw unsupportedResourceType(type);
    }
    return Map.of();
  }

  Map<String, Object> listTags(JsonArgs a) {
    String type = a.string("ResourceType");
    String id = a.string("ResourceId");
    Constraints.required("resourceType", type);
    Constraints.required("resourceId", id);
    Map<String, String> tags;
    if ("ManagedInstance".equals(type)) {
      tags = fleet.find(requireManagedInstance(id)).tags();
    } else if ("Document".equals(type)) {
      tags = documents.tags(id);
    } else {
      throw unsupportedResourceType(type);
    }
    return Map.of("TagList", SsmTags.toJson(tags));
  }

  private String requireManagedInstance(String id) {
    InstanceSnapshot host = fleet.find(id);
    if (host == null || !host.onPremises()) {
      throw ApiException.badRequest(
          "InvalidResourceId",
          "The resource ID "
              + id
              + " is not a managed instance (mi-...) of this account; tag EC2 instances through EC2.");
    }
    return id;
  }

  private static ApiException unsupportedResourceType(String type) {
    return ApiException.badRequest(
        "InvalidResourceType",
        "The simulator tags ManagedInstance and Document resources, not " + type + ".");
  }

  private static List<JsonArgs> orEmptyList(List<JsonArgs> list) {
    return list == null ? List.of() : list;
  }

  private static List<String> orEmptyStrings(List<String> list) {
    return list == null ? List.of() : list;
  }
}
