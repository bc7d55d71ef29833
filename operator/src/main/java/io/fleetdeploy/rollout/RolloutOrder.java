package io.fleetdeploy.rollout;

import java.util.Comparator;
import java.util.List;

/**
 * The order instances are deployed to, as CodeDeploy: unhealthy first (deploying to them costs no
 * healthy capacity, and they are the likeliest to need the fix), then unknown revision, then old,
 * then those already on the target revision. Within a class the given order is kept, so the
 * controller makes the order deterministic by passing instances sorted (e.g. by id).
 */
public final class RolloutOrder {
  private static final Comparator<InstanceProgress> BY_CLASS =
      Comparator.comparingInt(InstanceProgress::orderClass);

  private RolloutOrder() {}

  /** The instances in rollout order; a stable sort, so equal classes keep their given order. */
  public static List<InstanceProgress> order(List<InstanceProgress> instances) {
    return instances.stream().sorted(BY_CLASS).toList();
  }
}
