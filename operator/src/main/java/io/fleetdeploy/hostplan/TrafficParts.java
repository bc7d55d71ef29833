package io.fleetdeploy.hostplan;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.LifecycleEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * How a host's events are split over sends when the deployment group controls traffic, so that each
 * scriptable traffic event runs on its side of the switch, in CodeDeploy's order: part {@value
 * #BEFORE_BLOCK} (BeforeBlockTraffic) runs while the instance still serves; the operator then
 * deregisters it and waits for draining (BlockTraffic); part {@value #BETWEEN} (AfterBlockTraffic
 * to BeforeAllowTraffic) runs out of service; the operator registers it again and waits until
 * healthy (AllowTraffic); part {@value #AFTER_ALLOW} (AfterAllowTraffic) runs back in service.
 *
 * <p>Part {@value #BETWEEN} is always sent. A part whose event has no script to run costs no send:
 * its events go into part {@value #BETWEEN}, where they run nothing. BeforeBlockTraffic runs the
 * scripts of the revision already on the host (as ApplicationStop does), which the operator knows
 * only as the group's last successful revision, when it prepared that revision itself; when it
 * cannot tell, part {@value #BEFORE_BLOCK} is sent.
 */
public final class TrafficParts {
  public static final int BEFORE_BLOCK = 1;
  public static final int BETWEEN = 2;
  public static final int AFTER_ALLOW = 3;

  private TrafficParts() {}

  /**
   * The parts a host is sent, in order.
   *
   * @param revision the revision deployed
   * @param previousMayHaveBeforeBlockScripts false only when the revision on the hosts is known to
   *     have no BeforeBlockTraffic script (or there is none)
   */
  public static List<Integer> needed(AppSpec revision, boolean previousMayHaveBeforeBlockScripts) {
    List<Integer> parts = new ArrayList<>();
    if (previousMayHaveBeforeBlockScripts) {
      parts.add(BEFORE_BLOCK);
    }
    parts.add(BETWEEN);
    if (!revision.scriptsFor(LifecycleEvent.AfterAllowTraffic).isEmpty()) {
      parts.add(AFTER_ALLOW);
    }
    return List.copyOf(parts);
  }

  /** Whether the host's events are split at all (else one send carries them all, as without). */
  public static boolean split(List<Integer> parts) {
    return parts != null && parts.size() > 1;
  }

  /** The events of {@code part} when the host is sent {@code parts}, in CodeDeploy's order. */
  public static List<String> events(int part, List<Integer> parts) {
    if (!parts.contains(part)) {
      throw new IllegalArgumentException("part " + part + " is not among " + parts);
    }
    List<String> out = new ArrayList<>();
    for (LifecycleEvent event : LifecycleEvent.inOrder(true)) {
      int home = partOf(event);
      int sentIn = parts.contains(home) ? home : BETWEEN;
      if (sentIn == part) {
        out.add(event.name());
      }
    }
    return List.copyOf(out);
  }

  /** The plan part of {@code part} among {@code parts}. */
  public static PlanPart planPart(int part, List<Integer> parts) {
    return new PlanPart(part, part == parts.get(parts.size() - 1));
  }

  /** The part after {@code part}, if any. */
  public static java.util.Optional<Integer> after(int part, List<Integer> parts) {
    int i = parts.indexOf(part);
    return i >= 0 && i + 1 < parts.size()
        ? java.util.Optional.of(parts.get(i + 1))
        : java.util.Optional.empty();
  }

  private static int partOf(LifecycleEvent event) {
    return switch (event) {
      case BeforeBlockTraffic -> BEFORE_BLOCK;
      case AllowTraffic, AfterAllowTraffic -> AFTER_ALLOW;
      default -> BETWEEN;
    };
  }
}
