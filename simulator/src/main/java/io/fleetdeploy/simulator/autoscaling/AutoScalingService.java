package io.fleetdeploy.simulator.autoscaling;

import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.codec.XmlWriter;
import io.fleetdeploy.simulator.fleet.Fleet;
import io.fleetdeploy.simulator.fleet.FleetException;
import io.fleetdeploy.simulator.fleet.GroupSnapshot;
import io.fleetdeploy.simulator.fleet.GroupTag;
import io.fleetdeploy.simulator.fleet.HookSpec;
import io.fleetdeploy.simulator.fleet.LaunchSpec;
import io.fleetdeploy.simulator.fleet.LifecycleHook;
import io.fleetdeploy.simulator.fleet.ScalingActivity;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.QueryProtocol;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Amazon EC2 Auto Scaling over the AWS Query protocol ({@code Version=2011-01-01}, lists as {@code
 * Name.member.N}, {@code <ErrorResponse>} errors): groups, capacity and lifecycle hooks.
 */
public final class AutoScalingService implements AwsService {
  static final String NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
  private static final Set<String> OPERATIONS =
      Set.of(
          "CreateAutoScalingGroup",
          "UpdateAutoScalingGroup",
          "DeleteAutoScalingGroup",
          "DescribeAutoScalingGroups",
          "DescribeAutoScalingInstances",
          "SetDesiredCapacity",
          "TerminateInstanceInAutoScalingGroup",
          "PutLifecycleHook",
          "DeleteLifecycleHook",
          "DescribeLifecycleHooks",
          "RecordLifecycleActionHeartbeat",
          "CompleteLifecycleAction");

  private final Fleet fleet;

  public AutoScalingService(Fleet fleet) {
    this.fleet = fleet;
  }

  @Override
  public String name() {
    return "autoscaling";
  }

  @Override
  public String operation(SimRequest request) {
    return QueryProtocol.action(request, OPERATIONS, "2011-01-01");
  }

  @Override
  public ApiException throttled() {
    return QueryProtocol.throttled();
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    return QueryProtocol.error(e, NAMESPACE, request.requestId());
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    QueryArgs args = request.form();
    Consumer<XmlWriter> result;
    try {
      result =
          switch (operation) {
            case "CreateAutoScalingGroup" -> createGroup(args);
            case "UpdateAutoScalingGroup" -> {
              fleet.updateGroup(
                  required(args, "AutoScalingGroupName"),
                  integer(args, "MinSize"),
                  integer(args, "MaxSize"),
                  integer(args, "DesiredCapacity"));
              yield null;
            }
            case "DeleteAutoScalingGroup" -> {
              fleet.deleteGroup(
                  required(args, "AutoScalingGroupName"), "true".equals(args.get("ForceDelete")));
              yield null;
            }
            case "DescribeAutoScalingGroups" -> describeGroups(args);
            case "DescribeAutoScalingInstances" -> describeInstances(args);
            case "SetDesiredCapacity" -> {
              fleet.setDesiredCapacity(
                  required(args, "AutoScalingGroupName"), requiredInteger(args, "DesiredCapacity"));
              yield null;
            }
            case "TerminateInstanceInAutoScalingGroup" -> terminateInstance(args);
            case "PutLifecycleHook" -> {
              fleet.putHook(required(args, "AutoScalingGroupName"), hookSpec(args, true));
              yield xml -> {};
            }
            case "DeleteLifecycleHook" -> {
              fleet.deleteHook(
                  required(args, "AutoScalingGroupName"), required(args, "LifecycleHookName"));
              yield xml -> {};
            }
            case "DescribeLifecycleHooks" -> describeHooks(args);
            case "RecordLifecycleActionHeartbeat" -> {
              fleet.recordHeartbeat(
                  required(args, "AutoScalingGroupName"),
                  required(args, "LifecycleHookName"),
                  args.get("InstanceId"),
                  args.get("LifecycleActionToken"));
              yield xml -> {};
            }
            case "CompleteLifecycleAction" -> {
              fleet.completeAction(
                  required(args, "AutoScalingGroupName"),
                  required(args, "LifecycleHookName"),
                  args.get("InstanceId"),
                  args.get("LifecycleActionToken"),
                  required(args, "LifecycleActionResult"));
              yield xml -> {};
            }
            default -> throw new IllegalStateException("unrouted operation " + operation);
          };
    } catch (FleetException e) {
      throw ApiException.badRequest(e.awsCode(), e.getMessage());
    }
    return QueryProtocol.response(operation, NAMESPACE, request.requestId(), result);
  }

  private Consumer<XmlWriter> createGroup(QueryArgs args) {
    String name = required(args, "AutoScalingGroupName");
    int min = requiredInteger(args, "MinSize");
    int max = requiredInteger(args, "MaxSize");
    Integer desired = integer(args, "DesiredCapacity");
    QueryArgs template = args.struct("LaunchTemplate");
    QueryArgs mixed =
        args.struct("MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification");
    if (template.isEmpty()) {
      template = mixed;
    }
    String launchConfiguration = args.get("LaunchConfigurationName");
    if (template.isEmpty() && launchConfiguration == null && args.get("InstanceId") == null) {
      throw ApiException.badRequest(
          "ValidationError",
          "Valid requests must contain either LaunchTemplate,"
              + " LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.");
    }
    List<String> zones = args.list("AvailabilityZones.member");
    String subnets = args.get("VPCZoneIdentifier");
    if (zones.isEmpty() && (subnets == null || subnets.isBlank())) {
      throw ApiException.badRequest(
          "ValidationError", "At least one Availability Zone or VPC Subnet is required.");
    }
    List<GroupTag> tags = new ArrayList<>();
    for (QueryArgs t : args.structs("Tags.member")) {
      if (t.get("Key") == null) {
        throw ApiException.badRequest(
            "ValidationError", "Tag keys must be given (Tags.member.N.Key).");
      }
      tags.add(
          new GroupTag(
              t.get("Key"),
              t.get("Value") == null ? "" : t.get("Value"),
              "true".equalsIgnoreCase(t.get("PropagateAtLaunch"))));
    }
    List<HookSpec> hooks = new ArrayList<>();
    for (QueryArgs h : args.structs("LifecycleHookSpecificationList.member")) {
      hooks.add(hookSpec(h, false));
    }
    LaunchSpec launch =
        new LaunchSpec(
            template.get("LaunchTemplateId"),
            template.get("LaunchTemplateName"),
            template.isEmpty()
                ? null
                : template.get("Version") == null ? "$Default" : template.get("Version"),
            launchConfiguration);
    fleet.createGroup(name, min, max, desired, zones, tags, hooks, launch);
    return null;
  }

  private static HookSpec hookSpec(QueryArgs args, boolean put) {
    String name = args.get("LifecycleHookName");
    if (!put && args.get("LifecycleTransition") == null) {
      throw ApiException.badRequest(
          "ValidationError",
          "LifecycleTransition is required in LifecycleHookSpecificationList for hook "
              + name
              + ".");
    }
    return new HookSpec(
        name,
        args.get("LifecycleTransition"),
        integer(args, "HeartbeatTimeout"),
        args.get("DefaultResult"),
        args.get("NotificationTargetARN"),
        args.get("RoleARN"),
        args.get("NotificationMetadata"));
  }

  private Consumer<XmlWriter> describeGroups(QueryArgs args) {
    List<String> names = args.list("AutoScalingGroupNames.member");
    int pageSize = pageSize(args, 100, 50);
    int from = startOf(args.get("NextToken"), "DescribeAutoScalingGroups");
    List<QueryArgs> filters = args.structs("Filters.member");
    List<GroupSnapshot> groups =
        fleet.describeGroups(names).stream()
            .filter(
                g ->
                    filters.stream()
                        .allMatch(f -> matches(g, f.get("Name"), f.list("Values.member"))))
            .toList();
    int end = Math.min(groups.size(), from + pageSize);
    List<GroupSnapshot> page = from >= groups.size() ? List.of() : groups.subList(from, end);
    String next = end < groups.size() ? token("DescribeAutoScalingGroups", end) : null;
    return xml -> {
      xml.start("AutoScalingGroups");
      for (GroupSnapshot g : page) {
        writeGroup(xml, g);
      }
      xml.end();
      xml.leaf("NextToken", next);
    };
  }

  private static boolean matches(GroupSnapshot g, String filter, List<String> values) {
    if (filter == null) {
      throw ApiException.badRequest("ValidationError", "Filters need a Name.");
    }
    if (filter.equals("tag-key")) {
      return g.tags().stream().anyMatch(t -> values.contains(t.key()));
    }
    if (filter.equals("tag-value")) {
      return g.tags().stream().anyMatch(t -> values.contains(t.value()));
    }
    if (filter.startsWith("tag:")) {
      String key = filter.substring(4);
      return g.tags().stream().anyMatch(t -> t.key().equals(key) && values.contains(t.value()));
    }
    throw ApiException.badRequest(
        "ValidationError",
        "Filter name " + filter + " is not valid: use tag-key, tag-value or tag:<key>.");
  }

  private Consumer<XmlWriter> describeInstances(QueryArgs args) {
    List<String> ids = args.list("InstanceIds.member");
    int pageSize = pageSize(args, 50, 50);
    int from = startOf(args.get("NextToken"), "DescribeAutoScalingInstances");
    List<GroupSnapshot.Member> members = fleet.groupMembers(ids);
    int end = Math.min(members.size(), from + pageSize);
    List<GroupSnapshot.Member> page =
        from >= members.size() ? List.of() : members.subList(from, end);
    String next = end < members.size() ? token("DescribeAutoScalingInstances", end) : null;
    return xml -> {
      xml.start("AutoScalingInstances");
      for (GroupSnapshot.Member m : page) {
        xml.start("member")
            .leaf("InstanceId", m.instanceId())
            .leaf("InstanceType", m.instanceType())
            .leaf("AutoScalingGroupName", m.groupName())
            .leaf("AvailabilityZone", m.availabilityZone())
            .leaf("LifecycleState", m.lifecycle().wireName())
            // DescribeAutoScalingInstances spells health in capitals, DescribeAutoScalingGroups
            // does not.
            .leaf("HealthStatus", m.healthy() ? "HEALTHY" : "UNHEALTHY");
        writeLaunch(xml, m.launchSpec());
        xml.leaf("ProtectedFromScaleIn", false).end();
      }
      xml.end();
      xml.leaf("NextToken", next);
    };
  }

  private Consumer<XmlWriter> terminateInstance(QueryArgs args) {
    String instanceId = required(args, "InstanceId");
    String decrement = required(args, "ShouldDecrementDesiredCapacity");
    ScalingActivity activity =
        fleet.terminateInGroup(instanceId, "true".equalsIgnoreCase(decrement));
    return xml ->
        xml.start("Activity")
            .leaf("ActivityId", activity.activityId())
            .leaf("AutoScalingGroupName", activity.groupName())
            .leaf("Description", activity.description())
            .leaf("Cause", activity.cause())
            .leaf("StartTime", AwsTime.iso(activity.startTime()))
            .leaf("StatusCode", "InProgress")
            .leaf("Progress", 0)
            .leaf("Details", "{}")
            .end();
  }

  private Consumer<XmlWriter> describeHooks(QueryArgs args) {
    List<LifecycleHook> hooks =
        fleet.describeHooks(
            required(args, "AutoScalingGroupName"), args.list("LifecycleHookNames.member"));
    return xml -> {
      xml.start("LifecycleHooks");
      for (LifecycleHook h : hooks) {
        xml.start("member")
            .leaf("LifecycleHookName", h.name())
            .leaf("AutoScalingGroupName", h.groupName())
            .leaf("LifecycleTransition", h.transition())
            .leaf("NotificationTargetARN", h.notificationTargetArn())
            .leaf("RoleARN", h.roleArn())
            .leaf("NotificationMetadata", h.notificationMetadata())
            .leaf("HeartbeatTimeout", h.heartbeatTimeoutSeconds())
            .leaf("GlobalTimeout", h.globalTimeoutSeconds())
            .leaf("DefaultResult", h.defaultResult())
            .end();
      }
      xml.end();
    };
  }

  private void writeGroup(XmlWriter xml, GroupSnapshot g) {
    xml.start("member").leaf("AutoScalingGroupName", g.name()).leaf("AutoScalingGroupARN", g.arn());
    writeLaunch(xml, g.launchSpec());
    xml.leaf("MinSize", g.minSize())
        .leaf("MaxSize", g.maxSize())
        .leaf("DesiredCapacity", g.desiredCapacity())
        .leaf("DefaultCooldown", 300);
    xml.start("AvailabilityZones");
    g.availabilityZones().forEach(z -> xml.leaf("member", z));
    xml.end();
    xml.empty("LoadBalancerNames")
        .empty("TargetGroupARNs")
        .leaf("HealthCheckType", "EC2")
        .leaf("HealthCheckGracePeriod", 300);
    xml.start("Instances");
    for (GroupSnapshot.Member m : g.members()) {
      xml.start("member")
          .leaf("InstanceId", m.instanceId())
          .leaf("InstanceType", m.instanceType())
          .leaf("AvailabilityZone", m.availabilityZone())
          .leaf("LifecycleState", m.lifecycle().wireName())
          .leaf("HealthStatus", m.healthy() ? "Healthy" : "Unhealthy");
      writeLaunch(xml, m.launchSpec());
      xml.leaf("ProtectedFromScaleIn", false).end();
    }
    xml.end();
    xml.leaf("CreatedTime", AwsTime.iso(g.createdTime()))
        .empty("SuspendedProcesses")
        .leaf("VPCZoneIdentifier", "")
        .empty("EnabledMetrics");
    xml.start("Tags");
    for (GroupTag t : g.tags()) {
      xml.start("member")
          .leaf("ResourceId", g.name())
          .leaf("ResourceType", "auto-scaling-group")
          .leaf("Key", t.key())
          .leaf("Value", t.value())
          .leaf("PropagateAtLaunch", t.propagateAtLaunch())
          .end();
    }
    xml.end();
    xml.start("TerminationPolicies")
        .leaf("member", "Default")
        .end()
        .leaf("NewInstancesProtectedFromScaleIn", false)
        .leaf(
            "ServiceLinkedRoleARN",
            "arn:aws:iam::"
                + fleet.accountId()
                + ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling")
        .leaf("CapacityRebalance", false)
        .empty("TrafficSources")
        .end();
  }

  private static void writeLaunch(XmlWriter xml, LaunchSpec spec) {
    if (spec.launchTemplateId() != null || spec.launchTemplateName() != null) {
      xml.start("LaunchTemplate")
          .leaf("LaunchTemplateId", spec.launchTemplateId())
          .leaf("LaunchTemplateName", spec.launchTemplateName())
          .leaf("Version", spec.launchTemplateVersion())
          .end();
    }
    xml.leaf("LaunchConfigurationName", spec.launchConfigurationName());
  }

  private static int pageSize(QueryArgs args, int max, int dflt) {
    Integer value = integer(args, "MaxRecords");
    if (value == null) {
      return dflt;
    }
    if (value < 1 || value > max) {
      throw ApiException.badRequest(
          "ValidationError",
          "1 validation error detected: Value '"
              + value
              + "' at 'maxRecords' failed to satisfy constraint: Member must have value "
              + (value < 1 ? "greater than or equal to 1" : "less than or equal to " + max));
    }
    return value;
  }

  private static String required(QueryArgs args, String name) {
    String v = args.get(name);
    if (v == null) {
      String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
      throw ApiException.badRequest(
          "ValidationError",
          "1 validation error detected: Value null at '"
              + member
              + "' failed to satisfy constraint: Member must not be null");
    }
    return v;
  }

  private static int requiredInteger(QueryArgs args, String name) {
    required(args, name);
    return integer(args, name);
  }

  private static Integer integer(QueryArgs args, String name) {
    String v = args.get(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "ValidationError", "Value '" + v + "' for " + name + " is not an integer.");
    }
  }

  private static String token(String operation, int position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((operation + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  private static int startOf(String token, String operation) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(operation + ":")) {
        return Integer.parseInt(text.substring(operation.length() + 1));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw ApiException.badRequest("InvalidNextToken", "The token '" + token + "' is invalid.");
  }
}
