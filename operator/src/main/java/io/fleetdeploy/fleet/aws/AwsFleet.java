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
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ssm.model.InstanceInformation;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;

/**
 * Finds targets with filtered, paginated calls only: EC2 DescribeInstances by tag filter (1,000 a
 * page), Auto Scaling DescribeAutoScalingGroups by name, SSM DescribeInstanceInformation by tag.
 *
 * <p>Every Auto Scaling member carries its lifecycle state, however it was found: a group rollout
 * must be able to leave instances held by a launch hook alone even when it targets them by tag.
 */
public final class AwsFleet implements Fleet {
  static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");
  static final String GROUP_TAG = "aws:autoscaling:groupName";
  private static final int EC2_PAGE = 1000;

  /** EC2 takes at most 200 values in one filter. */
  static final int EC2_IDS_PER_FILTER = 200;

  /** DescribeAutoScalingInstances takes at most 50 instance ids. */
  static final int AUTO_SCALING_IDS_PER_CALL = 50;

  static final int MANAGED_IDS_PER_CALL = 50;

  private final AwsClients aws;

  public AwsFleet(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public List<FleetInstance> findTargets(TargetSelector selector) {
    Map<String, FleetInstance> found = new TreeMap<>();
    // OR of filters: one query per filter family (same key and type share a query). EC2 reads
    // '*' and '?' in filter values as wildcards, so what it returns is checked against the
    // filters literally.
    for (List<TagFilter> family : families(selector.ec2TagFilters())) {
      describeEc2(List.of(ec2Filter(family), liveStates())).stream()
          .filter(i -> family.stream().anyMatch(f -> f.matches(i.tags())))
          .forEach(i -> found.put(i.id(), i));
    }
    // AND of ORs: query the first group, keep what matches every group by its tags.
    if (!selector.ec2TagSet().isEmpty()) {
      List<List<TagFilter>> groups = selector.ec2TagSet();
      for (List<TagFilter> family : families(groups.get(0))) {
        for (FleetInstance i : describeEc2(List.of(ec2Filter(family), liveStates()))) {
          if (groups.stream().allMatch(g -> g.stream().anyMatch(f -> f.matches(i.tags())))) {
            found.put(i.id(), i);
          }
        }
      }
    }
    Map<String, AutoScalingMember> members = new HashMap<>();
    if (!selector.autoScalingGroups().isEmpty()) {
      autoScalingMembers(selector.autoScalingGroups()).forEach(m -> members.put(m.instanceId(), m));
      List<String> unseen =
          members.keySet().stream().filter(id -> !found.containsKey(id)).sorted().toList();
      describeEc2ByIds(unseen, true).forEach(i -> found.put(i.id(), i));
    }
    withLifecycleStates(found, members);
    for (List<TagFilter> family : families(selector.onPremisesTagFilters())) {
      managedInstances(ssmFilter(family)).forEach(i -> found.put(i.id(), i));
    }
    // Instances on their way out of their group will not be there to serve the revision.
    found.values().removeIf(i -> i.lifecycleState().filter(AwsFleet::leaving).isPresent());
    return List.copyOf(found.values());
  }

  @Override
  public Map<String, FleetInstance> describe(Collection<String> instanceIds) {
    List<String> ec2Ids =
        instanceIds.stream().filter(id -> id.startsWith("i-")).distinct().toList();
    List<String> managedIds =
        instanceIds.stream().filter(id -> id.startsWith("mi-")).distinct().toList();
    Map<String, FleetInstance> out = new TreeMap<>();
    describeEc2ByIds(ec2Ids, false).forEach(i -> out.put(i.id(), i));
    withLifecycleStates(out, Map.of());
    for (int from = 0; from < managedIds.size(); from += MANAGED_IDS_PER_CALL) {
      describeManaged(
              managedIds.subList(from, Math.min(managedIds.size(), from + MANAGED_IDS_PER_CALL)))
          .forEach(i -> out.put(i.id(), i));
    }
    return out;
  }

  /** Filters of one key and type can share a query: EC2 and SSM OR the values of one filter. */
  private static Collection<List<TagFilter>> families(List<TagFilter> filters) {
    return filters.stream()
        .collect(
            Collectors.groupingBy(
                f -> f.type() + "/" + (f.type() == TagFilter.Type.VALUE_ONLY ? "" : f.key()),
                LinkedHashMap::new,
                Collectors.toList()))
        .values();
  }

  private static Filter ec2Filter(List<TagFilter> family) {
    TagFilter first = family.get(0);
    return switch (first.type()) {
      case KEY_ONLY -> Filter.builder().name("tag-key").values(first.key()).build();
      case VALUE_ONLY ->
          Filter.builder()
              .name("tag-value")
              .values(family.stream().map(TagFilter::value).distinct().toList())
              .build();
      case KEY_AND_VALUE ->
          Filter.builder()
              .name("tag:" + first.key())
              .values(family.stream().map(TagFilter::value).distinct().toList())
              .build();
    };
  }

  private static Filter liveStates() {
    return Filter.builder().name("instance-state-name").values(LIVE_STATES).build();
  }

  /**
   * EC2 instances by id, {@value #EC2_IDS_PER_FILTER} ids a query; unknown ids are simply not
   * returned.
   */
  private List<FleetInstance> describeEc2ByIds(List<String> ids, boolean liveOnly) {
    List<FleetInstance> out = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += EC2_IDS_PER_FILTER) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + EC2_IDS_PER_FILTER));
      Filter byId = Filter.builder().name("instance-id").values(chunk).build();
      out.addAll(describeEc2(liveOnly ? List.of(byId, liveStates()) : List.of(byId)));
    }
    return out;
  }

  private List<FleetInstance> describeEc2(List<Filter> filters) {
    DescribeInstancesRequest request =
        DescribeInstancesRequest.builder().filters(filters).maxResults(EC2_PAGE).build();
    return AwsErrors.call(
        "EC2 DescribeInstances " + describe(filters),
        () ->
            aws.ec2().describeInstancesPaginator(request).reservations().stream()
                .flatMap(r -> r.instances().stream())
                .map(AwsFleet::toInstance)
                .toList());
  }

  private static String describe(List<Filter> filters) {
    return filters.stream()
        .map(f -> f.name() + "=" + abbreviated(f.values()))
        .collect(Collectors.joining(" "));
  }

  private static String abbreviated(List<String> values) {
    return values.size() <= 5
        ? String.join(",", values)
        : String.join(",", values.subList(0, 5)) + ",… (" + values.size() + " values)";
  }

  private static FleetInstance toInstance(Instance i) {
    Map<String, String> tags =
        i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    return new FleetInstance(
        i.instanceId(),
        i.placement() == null ? "" : i.placement().availabilityZone(),
        ec2State(i.state() == null ? "running" : i.state().nameAsString()),
        tags,
        Optional.ofNullable(tags.get(GROUP_TAG)),
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

  /** An Auto Scaling group's view of one of its instances. */
  private record AutoScalingMember(String instanceId, String group, String lifecycleState) {}

  private List<AutoScalingMember> autoScalingMembers(List<String> groupNames) {
    List<AutoScalingGroup> groups =
        AwsErrors.call(
            "Auto Scaling DescribeAutoScalingGroups " + groupNames,
            () ->
                aws
                    .autoScaling()
                    .describeAutoScalingGroupsPaginator(b -> b.autoScalingGroupNames(groupNames))
                    .autoScalingGroups()
                    .stream()
                    .toList());
    List<String> missing = new ArrayList<>(groupNames);
    groups.forEach(g -> missing.remove(g.autoScalingGroupName()));
    if (!missing.isEmpty()) {
      throw new FleetException(
          FleetError.AUTO_SCALING_CONFIGURATION,
          "Auto Scaling group(s) "
              + String.join(", ", missing)
              + " not found in region "
              + aws.region());
    }
    List<AutoScalingMember> out = new ArrayList<>();
    for (AutoScalingGroup g : groups) {
      g.instances()
          .forEach(
              i ->
                  out.add(
                      new AutoScalingMember(
                          i.instanceId(), g.autoScalingGroupName(), i.lifecycleStateAsString())));
    }
    return out;
  }

  /**
   * Gives every Auto Scaling member its group and lifecycle state: from {@code known} when its
   * group was listed, else from DescribeAutoScalingInstances (only instances carrying the group
   * tag).
   */
  private void withLifecycleStates(
      Map<String, FleetInstance> instances, Map<String, AutoScalingMember> known) {
    Map<String, AutoScalingMember> members = new HashMap<>(known);
    List<String> unknown =
        instances.values().stream()
            .filter(i -> i.autoScalingGroup().isPresent() && !members.containsKey(i.id()))
            .map(FleetInstance::id)
            .toList();
    for (int from = 0; from < unknown.size(); from += AUTO_SCALING_IDS_PER_CALL) {
      List<String> chunk =
          unknown.subList(from, Math.min(unknown.size(), from + AUTO_SCALING_IDS_PER_CALL));
      List<AutoScalingInstanceDetails> details =
          AwsErrors.call(
              "Auto Scaling DescribeAutoScalingInstances " + abbreviated(chunk),
              () ->
                  aws
                      .autoScaling()
                      .describeAutoScalingInstancesPaginator(
                          b -> b.instanceIds(chunk).maxRecords(50))
                      .autoScalingInstances()
                      .stream()
                      .toList());
      details.forEach(
          d ->
              members.put(
                  d.instanceId(),
                  new AutoScalingMember(
                      d.instanceId(), d.autoScalingGroupName(), d.lifecycleState())));
    }
    instances.replaceAll(
        (id, i) -> {
          AutoScalingMember m = members.get(id);
          return m == null
              ? i
              : new FleetInstance(
                  i.id(),
                  i.availabilityZone(),
                  i.state(),
                  i.tags(),
                  Optional.of(m.group()),
                  Optional.ofNullable(m.lifecycleState()));
        });
  }

  private static boolean leaving(String lifecycleState) {
    return lifecycleState.startsWith("Terminat") || lifecycleState.startsWith("Detach");
  }

  private InstanceInformationStringFilter ssmFilter(List<TagFilter> family) {
    TagFilter first = family.get(0);
    return switch (first.type()) {
      case KEY_ONLY ->
          InstanceInformationStringFilter.builder().key("tag-key").values(first.key()).build();
      case VALUE_ONLY ->
          throw new FleetException(
              FleetError.INVALID_REQUEST,
              "onPremisesTagFilters: a VALUE_ONLY filter (value '"
                  + first.value()
                  + "') cannot be asked of Systems"
                  + " Manager, which filters managed instances by tag key; give the key too (KEY_AND_VALUE)");
      case KEY_AND_VALUE ->
          InstanceInformationStringFilter.builder()
              .key("tag:" + first.key())
              .values(family.stream().map(TagFilter::value).distinct().toList())
              .build();
    };
  }

  /**
   * Managed on-premises instances matching a tag filter. SSM refuses tag filters combined with any
   * other filter, so EC2 instances (which SSM also manages) are left out here, not by a filter.
   */
  private List<FleetInstance> managedInstances(InstanceInformationStringFilter filter) {
    return AwsErrors.call(
        "SSM DescribeInstanceInformation " + filter.key() + "=" + filter.values(),
        () ->
            aws
                .ssm()
                .describeInstanceInformationPaginator(b -> b.filters(filter).maxResults(50))
                .instanceInformationList()
                .stream()
                .filter(AwsFleet::onPremises)
                .map(AwsFleet::toManagedInstance)
                .toList());
  }

  /**
   * Managed instances by id. SSM fails the whole call when one id is not (or no longer) registered,
   * so a failed chunk is asked again one id at a time, and the unknown ones are left out.
   */
  private List<FleetInstance> describeManaged(List<String> ids) {
    try {
      return describeManagedOnce(ids);
    } catch (FleetException e) {
      if (!(e.getCause() instanceof InvalidInstanceIdException)) {
        throw e;
      }
      if (ids.size() == 1) {
        return List.of();
      }
      List<FleetInstance> out = new ArrayList<>();
      for (String id : ids) {
        out.addAll(describeManaged(List.of(id)));
      }
      return out;
    }
  }

  private List<FleetInstance> describeManagedOnce(List<String> ids) {
    InstanceInformationStringFilter byId =
        InstanceInformationStringFilter.builder().key("InstanceIds").values(ids).build();
    return AwsErrors.call(
        "SSM DescribeInstanceInformation InstanceIds=" + abbreviated(ids),
        () ->
            aws
                .ssm()
                .describeInstanceInformationPaginator(b -> b.filters(byId).maxResults(50))
                .instanceInformationList()
                .stream()
                .map(AwsFleet::toManagedInstance)
                .toList());
  }

  private static boolean onPremises(InstanceInformation info) {
    return "ManagedInstance".equals(info.resourceTypeAsString())
        || (info.instanceId() != null && info.instanceId().startsWith("mi-"));
  }

  /**
   * SSM's instance information carries no tags (reading them costs a call per instance), so
   * on-premises instances come without tags; they are registered, hence running.
   */
  private static FleetInstance toManagedInstance(InstanceInformation info) {
    return new FleetInstance(
        info.instanceId(), "", InstanceState.RUNNING, Map.of(), Optional.empty(), Optional.empty());
  }
}
