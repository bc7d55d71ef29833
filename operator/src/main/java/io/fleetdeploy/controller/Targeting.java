package io.fleetdeploy.controller;

import io.fleetdeploy.api.v1alpha1.TagFilterType;
import io.fleetdeploy.api.v1alpha1.Targets;
import io.fleetdeploy.fleet.TagFilter;
import io.fleetdeploy.fleet.TargetSelector;
import java.util.List;

/** A DeploymentGroup's targets as the fleet port's selector. */
public final class Targeting {
  private Targeting() {}

  public static TargetSelector selector(Targets targets) {
    return new TargetSelector(
        filters(targets.getEc2TagFilters()),
        targets.getEc2TagSet() == null
            ? List.of()
            : targets.getEc2TagSet().stream().map(Targeting::filters).toList(),
        targets.getAutoScalingGroups() == null ? List.of() : targets.getAutoScalingGroups(),
        filters(targets.getOnPremisesTagFilters()));
  }

  private static List<TagFilter> filters(List<io.fleetdeploy.api.v1alpha1.TagFilter> filters) {
    if (filters == null) {
      return List.of();
    }
    return filters.stream()
        .map(
            f ->
                new TagFilter(
                    f.getKey(),
                    f.getValue(),
                    f.getType() == null ? TagFilter.Type.KEY_AND_VALUE : type(f.getType())))
        .toList();
  }

  private static TagFilter.Type type(TagFilterType type) {
    return switch (type) {
      case KEY_ONLY -> TagFilter.Type.KEY_ONLY;
      case VALUE_ONLY -> TagFilter.Type.VALUE_ONLY;
      case KEY_AND_VALUE -> TagFilter.Type.KEY_AND_VALUE;
    };
  }
}
