package io.fleetdeploy.simulator.ec2;

import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.codec.XmlWriter;
import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.FleetException;
import io.fleetdeploy.simulator.fleet.InstanceSnapshot;
import io.fleetdeploy.simulator.fleet.StateChange;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Amazon EC2 over the EC2 Query protocol (form-encoded {@code Action=...&Version=2016-11-15}, XML
 * in the EC2 namespace, {@code <Response><Errors>} errors).
 */
public final class Ec2Service implements AwsService {
  static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private static final Set<String> OPERATIONS =
      Set.of(
          "DescribeInstances",
          "DescribeTags",
          "CreateTags",
          "DeleteTags",
          "TerminateInstances",
          "StopInstances",
          "StartInstances",
          "DescribeAvailabilityZones");
  private static final Pattern INSTANCE_ID = Pattern.compile("i-([0-9a-f]{8}|[0-9a-f]{17})");

  private final Fleet fleet;
  private final Ec2InstanceXml instanceXml;

  public Ec2Service(Fleet fleet) {
    this.fleet = fleet;
    this.instanceXml = new Ec2InstanceXml(fleet.region());
  }

  @Override
  public String name() {
    return "ec2";
  }

  @Override
  public String operation(SimRequest request) {
    String action = request.form().get("Action");
    if (action == null) {
      throw ApiException.badRequest(
          "MissingAction", "The request must contain the parameter Action.");
    }
    if (!OPERATIONS.contains(action)) {
      throw ApiException.badRequest(
          "InvalidAction", "The action " + action + " is not valid for this web service.");
    }
    return action;
  }

  @Override
  public ApiException throttled() {
    return new ApiException("RequestLimitExceeded", "Request limit exceeded.", 503);
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    XmlWriter xml =
        new XmlWriter()
            .start("Response")
            .start("Errors")
            .start("Error")
            .leaf("Code", e.code())
            .leaf("Message", e.getMessage())
            .end()
            .end()
            .leaf("RequestID", request.requestId())
            .end();
    return SimResponse.xml(e.status(), xml.toString());
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    QueryArgs args = request.form();
    if ("true".equals(args.get("DryRun"))) {
      throw new ApiException(
          "DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
    }
    XmlWriter xml =
        new XmlWriter()
            .start(operation + "Response", NAMESPACE)
            .leaf("requestId", request.requestId());
    try {
      switch (operation) {
        case "DescribeInstances" -> describeInstances(args, xml);
        case "DescribeTags" -> describeTags(args, xml);
        case "CreateTags" -> createTags(args, xml);
        case "DeleteTags" -> deleteTags(args, xml);
        case "TerminateInstances" -> stateChanges(instanceIds(args), fleet::terminate, xml);
        case "StopInstances" -> stateChanges(instanceIds(args), fleet::stop, xml);
        case "StartInstances" -> stateChanges(instanceIds(args), fleet::start, xml);
        case "DescribeAvailabilityZones" -> describeZones(xml);
        default -> throw new IllegalStateException("unrouted operation " + operation);
      }
    } catch (FleetException e) {
      throw ApiException.badRequest(e.awsCode(), e.getMessage());
    }
    return SimResponse.xml(200, xml.end().toString());
  }

  private void describeInstances(QueryArgs args, XmlWriter xml) {
    List<String> ids = args.list("InstanceId");
    List<Ec2Filter> filters = Ec2Filter.parse(args);
    Integer maxResults = maxResults(args, 5, 1000);
    if (maxResults != null && !ids.isEmpty()) {
      throw ApiException.badRequest(
          "InvalidParameterCombination",
          "The parameter instancesSet cannot be used with the parameter maxResults");
    }
    long from = startOf(args.get("NextToken"), "DescribeInstances");
    List<InstanceSnapshot> all = fleet.ec2Instances();
    if (!ids.isEmpty()) {
      checkIdsExist(ids, all);
    }
    List<InstanceSnapshot> page = new ArrayList<>();
    String nextToken = null;
    for (InstanceSnapshot inst : all) {
      if (inst.seq() < from || (!ids.isEmpty() && !ids.contains(inst.id()))) {
        continue;
      }
      String dns = instanceXml.privateDnsName(inst);
      if (!filters.stream().allMatch(f -> f.matches(inst, dns))) {
        continue;
      }
      if (maxResults != null && page.size() == maxResults) {
        nextToken = token("DescribeInstances", inst.seq());
        break;
      }
      page.add(inst);
    }
    xml.start("reservationSet");
    for (InstanceSnapshot inst : page) {
      instanceXml.writeReservation(xml, inst, fleet.accountId());
    }
    xml.end();
    xml.leaf("nextToken", nextToken);
  }

  private void describeTags(QueryArgs args, XmlWriter xml) {
    List<Ec2Filter> filters = new ArrayList<>();
    for (QueryArgs f : args.structs("Filter")) {
      String name = f.get("Name");
      if (!Set.of("key", "value", "resource-id", "resource-type").contains(name)) {
        throw ApiException.badRequest(
            "InvalidParameterValue", "The filter '" + name + "' is invalid");
      }
      filters.add(new Ec2Filter(name, f.list("Value").stream().map(Ec2Filter::glob).toList()));
    }
    Integer maxResults = maxResults(args, 5, 1000);
    long from = startOf(args.get("NextToken"), "DescribeTags");
    xml.start("tagSet");
    int count = 0;
    long position = 0;
    String nextToken = null;
    outer:
    for (InstanceSnapshot inst : fleet.ec2Instances()) {
      for (Map.Entry<String, String> tag : inst.tags().entrySet()) {
        long here = position++;
        if (here < from || !filters.stream().allMatch(f -> f.matchesTag(inst.id(), tag))) {
          continue;
        }
        if (maxResults != null && count == maxResults) {
          nextToken = token("DescribeTags", here);
          break outer;
        }
        xml.start("item")
            .leaf("resourceId", inst.id())
            .leaf("resourceType", "instance")
            .leaf("key", tag.getKey())
            .leaf("value", tag.getValue())
            .end();
        count++;
      }
    }
    xml.end();
    xml.leaf("nextToken", nextToken);
  }

  private void createTags(QueryArgs args, XmlWriter xml) {
    List<String> ids = args.list("ResourceId");
    if (ids.isEmpty()) {
      throw ApiException.badRequest(
          "MissingParameter", "The request must contain the parameter resourceIdSet");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (QueryArgs t : args.structs("Tag")) {
      if (t.get("Key") == null) {
        throw ApiException.badRequest("InvalidParameterValue", "Tag keys must not be empty.");
      }
      tags.put(t.get("Key"), t.get("Value") == null ? "" : t.get("Value"));
    }
    checkIdsExist(ids, fleet.ec2Instances());
    fleet.putTags(ids, tags);
    xml.leaf("return", true);
  }

  private void deleteTags(QueryArgs args, XmlWriter xml) {
    List<String> ids = args.list("ResourceId");
    Map<String, String> tags = new LinkedHashMap<>();
    for (QueryArgs t : args.structs("Tag")) {
      tags.put(t.get("Key"), t.get("Value"));
    }
    checkIdsExist(ids, fleet.ec2Instances());
    fleet.removeTags(ids, tags);
    xml.leaf("return", true);
  }

  private void stateChanges(
      List<String> ids, Function<List<String>, List<StateChange>> change, XmlWriter xml) {
    List<StateChange> changes = change.apply(ids);
    xml.start("instancesSet");
    for (StateChange c : changes) {
      xml.start("item")
          .leaf("instanceId", c.instanceId())
          .start("currentState")
          .leaf("code", c.current().code())
          .leaf("name", c.current().wireName())
          .end()
          .start("previousState")
          .leaf("code", c.previous().code())
          .leaf("name", c.previous().wireName())
          .end()
          .end();
    }
    xml.end();
  }

  private void describeZones(XmlWriter xml) {
    xml.start("availabilityZoneInfo");
    int n = 1;
    for (String zone : fleet.availabilityZones()) {
      xml.start("item")
          .leaf("optInStatus", "opt-in-not-required")
          .leaf("zoneName", zone)
          .leaf("zoneId", fleet.region().replace("-", "").substring(0, 4) + "-az" + n++)
          .leaf("zoneState", "available")
          .leaf("regionName", fleet.region())
          .empty("messageSet")
          .leaf("zoneType", "availability-zone")
          .leaf("groupName", fleet.region())
          .leaf("networkBorderGroup", fleet.region())
          .end();
    }
    xml.end();
  }

  private static List<String> instanceIds(QueryArgs args) {
    List<String> ids = args.list("InstanceId");
    if (ids.isEmpty()) {
      throw ApiException.badRequest(
          "MissingParameter", "The request must contain the parameter InstanceId");
    }
    for (String id : ids) {
      if (!INSTANCE_ID.matcher(id).matches()) {
        throw ApiException.badRequest("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
      }
    }
    return ids;
  }

  private static void checkIdsExist(List<String> ids, List<InstanceSnapshot> all) {
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (!INSTANCE_ID.matcher(id).matches()) {
        throw ApiException.badRequest("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
      }
      if (all.stream().noneMatch(i -> i.id().equals(id))) {
        missing.add(id);
      }
    }
    if (missing.size() == 1) {
      throw ApiException.badRequest(
          "InvalidInstanceID.NotFound", "The instance ID '" + missing.get(0) + "' does not exist");
    }
    if (!missing.isEmpty()) {
      throw ApiException.badRequest(
          "InvalidInstanceID.NotFound",
          "The instance IDs '" + String.join(", ", missing) + "' do not exist");
    }
  }

  private static Integer maxResults(QueryArgs args, int min, int max) {
    String raw = args.get("MaxResults");
    if (raw == null) {
      return null;
    }
    int value;
    try {
      value = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "InvalidParameterValue",
          "Value (" + raw + ") for parameter maxResults is invalid. Expecting an integer.");
    }
    if (value < min) {
      throw ApiException.badRequest(
          "InvalidParameterValue",
          "Value ( "
              + value
              + " ) for parameter maxResults is invalid. Expecting a value greater than "
              + min
              + ".");
    }
    if (value > max) {
      throw ApiException.badRequest(
          "InvalidParameterValue",
          "Value ( "
              + value
              + " ) for parameter maxResults is invalid. Expecting a value less than or equal to "
              + max
              + ".");
    }
    return value;
  }

  private static String token(String operation, long position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((operation + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  private static long startOf(String token, String operation) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(operation + ":")) {
        return Long.parseLong(text.substring(operation.length() + 1));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw ApiException.badRequest(
        "InvalidPaginationToken", "The specified pagination token is not valid or is expired.");
  }
}
