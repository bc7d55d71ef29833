package io.fleetdeploy.fleet;

import java.util.List;

/**
 * Which instances a deployment group targets: the union of EC2 instances matching {@code
 * ec2TagFilters} (any filter) or {@code ec2TagSet} (at least one filter of every group), the
 * members of {@code autoScalingGroups}, and SSM managed instances matching {@code
 * onPremisesTagFilters} (any filter).
 */
public record TargetSelector(
    List<TagFilter> ec2TagFilters,
    List<List<TagFilter>> ec2TagSet,
    List<String> autoScalingGroups,
    List<TagFilter> onPremisesTagFilters) {

  public TargetSelector {
    ec2TagFilters = List.copyOf(ec2TagFilters);
    ec2TagSet = ec2TagSet.stream().map(List::copyOf).toList();
    autoScalingGroups = List.copyOf(autoScalingGroups);
    onPremisesTagFilters = List.copyOf(onPremisesTagFilters);
  }

  public static TargetSelector ec2Tags(TagFilter... filters) {
    return new TargetSelector(List.of(filters), List.of(), List.of(), List.of());
  }
}
