package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.Fleet;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.FleetInstance;
import io.fleetdeploy.fleet.InstanceState;
import io.fleetdeploy.fleet.TagFilter;
import io.fleetdeploy.fleet.TargetSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;

/**
 * Finds targets with filtered, paginated calls only: EC2 DescribeInstances by tag filter (1,000 a
 * page), Auto Scaling DescribeAutoScalingGroups by name, SSM DescribeInstanceInformation by tag.
 */
public final class AwsFleet implements Fleet {
  static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");
  private static final int EC2_PAGE = 1000;
  private static final int ID_CHUNK = 200;

  private final AwsClients aws;

  public AwsFleet(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public List<FleetInstance> findTargets(TargetSelector selector) {
    Map<String, FleetInstance> found = new TreeMap<>();
    // OR of filters: one query per filter family (same key and type share a query).
    for (List<TagFilter> family : families(selector.ec2TagFilters())) {
      describeEc2(List.of(ec2Filter(family), state())).forEach(i -> found.put(i.id(), i));
    }
    // AND of ORs: query the first group, keep what matches every other group by its tags.
    if (!selector.ec2TagSet().isEmpty()) {
      List<List<TagFilter>> groups = selector.ec2TagSet();
      for (List<TagFilter> family : families(groups.get(0))) {
        for (FleetInstance i : describeEc2(List.of(ec2Filter(family), state()))) {
          if (groups.stream().allMatch(g -> g.stream().anyMatch(f -> f.matches(i.tags())))) {
            found.put(i.id(), i);
          }
        }
      }
    }
    if (!selector.autoScalingGroups().isEmpty()) {
      autoScalingMembers(selector.autoScalingGroups()).forEach(i -> found.putIfAbsent(i.id(), i));
    }
    for (TagFilter filter : selector.onPremisesTagFilters()) {
      managedInstances(ssmFilter(filter)).forEach(i -> found.put(i.id(), i));
    }
    return List.copyOf(found.values());
  }

  @Override
  public Map<String, FleetInstance> describe(Collection<String> instanceIds) {
    Map<String, FleetInstance> out = new HashMap<>();
    List<String> ec2Ids = instanceIds.stream().filter(id -> id.startsWith("i-")).distinct().toList();
    List<String> managedIds = instanceIds.stream().filter(id -> id.startsWith("mi-")).distinct().toList();
    for (int from = 0; from < ec2Ids.size(); from += ID_CHUNK) {
      List<String> chunk = ec2Ids.subList(from, Math.min(ec2Ids.size(), from + ID_CHUNK));
      describeEc2(List.of(Filter.builder().name("instance-id").values(chunk).build()))
          .forEach(i -> out.put(i.id(), i));
    }
    for (int from = 0; from < managedIds.size(); from += 50) {
      List<String> chunk = managedIds.subList(from, Math.min(managedIds.size(), from + 50));
      managedInstances(InstanceInformationStringFilter.builder().key("InstanceIds").values(chunk).build())
          .forEach(i -> out.put(i.id(), i));
    }
    return out;
  }

  /** Filters of one key and type can share a query: EC2 ORs the values of one filter name. */
  private static Collection<List<TagFilter>> families(List<TagFilter> filters) {
    return filters.stream().collect(Collectors.groupingBy(
        f -> f.type() + "/" + (f.type() == TagFilter.Type.VALUE_ONLY ? "" : f.key()),
        LinkedHashMap::new, Collectors.toList())).values();
  }

  private static Filter ec2Filter(List<TagFilter> family) {
    TagFilter first = family.get(0);
    return switch (first.type()) {
      case KEY_ONLY -> Filter.builder().name("tag-key").values(first.key()).build();
      case VALUE_ONLY -> Filter.builder().name("tag-value")
          .values(family.stream().map(TagFilter::value).distinct().toList()).build();
      case KEY_AND_VALUE -> Filter.builder().name("tag:" + first.key())
          .values(family.stream().map(TagFilter::value).distinct().toList()).build();
    };
  }

  private static Filter state() {
    return Filter.builder().name("instance-state-name").values(LIVE_STATES).build();
  }

  private List<FleetInstance> describeEc2(List<Filter> filters) {
    DescribeInstancesRequest request = DescribeInstancesRequest.builder()
        .filters(filters).maxResults(EC2_PAGE).build();
    return AwsErrors.call("EC2 DescribeInstances " + describe(filters), () ->
        aws.ec2().describeInstancesPaginator(request).reservations().stream()
            .flatMap(r -> r.instances().stream())
            .map(AwsFleet::toInstance)
            .toList());
  }

  private static String describe(List<Filter> filters) {
    return filters.stream().map(f -> f.name() + "=" + String.join(",", f.values()))
        .collect(Collectors.joining(" "));
  }

  private static FleetInstance toInstance(Instance i) {
    Map<String, String> tags = i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    return new FleetInstance(i.instanceId(),
        i.placement() == null ? "" : i.placement().availabilityZone(),
        ec2State(i.state() == null ? "running" : i.state().nameAsString()),
        tags,
        Optional.ofNullable(tags.get("aws:autoscaling:groupName")),
        Optional.empty());
  }

  static InstanceState ec2State(String name) {
    return switch (name) {
      case "pending" -> InstanceState.PENDING;
      case "running" -> InstanceState.RUNNING;
      case "stopping" -> InstanceState.STOPPING;
      case "stopped" -> InstanceState.STOPPED;
      case "shutting-down" -> InstanceState.SHUTTING_DOWN;
      default -> InstanceState.TERMINATED;
    };
  }

  private List<FleetInstance> autoScalingMembers(List<String> groupNames) {
    List<AutoScalingGroup> groups = AwsErrors.call("Auto Scaling DescribeAutoScalingGroups " + groupNames,
        () -> aws.autoScaling().describeAutoScalingGroupsPaginator(b -> b.autoScalingGroupNames(groupNames))
            .autoScalingGroups().stream().toList());
    List<String> missing = new ArrayList<>(groupNames);
    groups.forEach(g -> missing.remove(g.autoScalingGroupName()));
    if (!missing.isEmpty()) {
      throw new FleetException(FleetError.AUTO_SCALING_CONFIGURATION,
          "Auto Scaling group(s) " + String.join(", ", missing) + " not found in region");
    }
    List<FleetInstance> out = new ArrayList<>();
    for (AutoScalingGroup g : groups) {
      g.instances().forEach(i -> out.add(new FleetInstance(i.instanceId(), i.availabilityZone(),
          lifecycleToState(i.lifecycleStateAsString()), Map.of(),
          Optional.of(g.autoScalingGroupName()), Optional.of(i.lifecycleStateAsString()))));
    }
    return out.stream().filter(i -> i.state().reachable()).toList();
  }

  static InstanceState lifecycleToState(String lifecycleState) {
    if (lifecycleState.startsWith("Pending")) {
      return InstanceState.PENDING;
    }
    if (lifecycleState.startsWith("Terminat")) {
      return lifecycleState.equals("Terminated") ? InstanceState.TERMINATED : InstanceState.SHUTTING_DOWN;
    }
    return InstanceState.RUNNING;
  }

  private static InstanceInformationStringFilter ssmFilter(TagFilter filter) {
    return switch (filter.type()) {
      case KEY_ONLY -> InstanceInformationStringFilter.builder().key("tag-key").values(filter.key()).build();
      case VALUE_ONLY -> throw new FleetException(FleetError.INVALID_REQUEST,
          "onPremisesTagFilters: VALUE_ONLY filters are not supported by Systems Manager; give the key");
      case KEY_AND_VALUE -> InstanceInformationStringFilter.builder().key("tag:" + filter.key())
          .values(filter.value()).build();
    };
  }

  private List<FleetInstance> managedInstances(InstanceInformationStringFilter filter) {
    return AwsErrors.call("SSM DescribeInstanceInformation " + filter.key() + "=" + filter.values(), () ->
        aws.ssm().describeInstanceInformationPaginator(b -> b.filters(filter,
                InstanceInformationStringFilter.builder().key("ResourceType").values("ManagedInstance").build())
            .maxResults(50))
            .instanceInformationList().stream()
            .map(AwsFleet::toManagedInstance)
            .toList());
  }

  private static FleetInstance toManagedInstance(InstanceInformation info) {
    return new FleetInstance(info.instanceId(), "", InstanceState.RUNNING, Map.of(),
        Optional.empty(), Optional.empty());
  }
}
