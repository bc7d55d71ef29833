package io.fleetdeploy.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a rollout is staged on top of its batches: not at all (CodeDeploy's default), in explicit
 * steps ({@code deploymentConfig.steps}), or one Availability Zone at a time ({@code
 * deploymentConfig.zonal}). A shape becomes a list of {@link RolloutStage}s once the deployment's
 * instances (in rollout order) and their zones are known; {@link StagedDecider} walks that list.
 */
public sealed interface RolloutShape
    permits RolloutShape.Plain, RolloutShape.Steps, RolloutShape.Zonal {

  /** No stages: every instance is eligible from the start. */
  Plain PLAIN = new Plain();

  /** The stages for these instances, in rollout order, with each instance's zone. */
  List<RolloutStage> stages(List<String> orderedIds, Map<String, String> zoneOf);

  record Plain() implements RolloutShape {
    @Override
    public List<RolloutStage> stages(List<String> orderedIds, Map<String, String> zoneOf) {
      return List.of();
    }
  }

  /** Explicit steps; instances left after the last step are deployed to as a last stage. */
  record Steps(List<RolloutStep> steps) implements RolloutShape {
    public Steps {
      steps = List.copyOf(steps);
    }

    @Override
    public List<RolloutStage> stages(List<String> orderedIds, Map<String, String> zoneOf) {
      List<RolloutStage> out = new ArrayList<>();
      int total = orderedIds.size();
      for (int i = 0; i < steps.size(); i++) {
        RolloutStep step = steps.get(i);
        String label = "step " + i;
        if (step instanceof RolloutStep.SetInstances set) {
          int target = set.target(total);
          out.add(
              new RolloutStage.Deploy(
                  Set.copyOf(orderedIds.subList(0, target)),
                  label + " (setInstances " + set.describe() + ": " + target + " of " + total + ")",
                  Optional.empty()));
        } else if (step instanceof RolloutStep.Pause pause) {
          out.add(
              pause
                  .duration()
                  .<RolloutStage>map(
                      d ->
                          new RolloutStage.Wait(d, RolloutStage.WaitKind.PAUSE, label + " (pause)"))
                  .orElseGet(
                      () -> new RolloutStage.AwaitPromotion(label + " (pause until promoted)")));
        } else if (step instanceof RolloutStep.CheckAlarms check) {
          out.add(
              new RolloutStage.Wait(
                  check.duration(), RolloutStage.WaitKind.CHECK_ALARMS, label + " (checkAlarms)"));
        }
      }
      return out;
    }
  }

  /**
   * CodeDeploy's zonal configuration: one Availability Zone at a time (in name order; instances
   * without a zone, such as on-premises servers, last), a bake time between zones ({@code
   * firstZoneMonitorDuration} after the first, {@code monitorDuration} after the others; none after
   * the last), during which alarms are watched, and a minimum of healthy hosts per zone on top of
   * the fleet's.
   */
  record Zonal(
      Optional<Duration> firstZoneMonitorDuration,
      Duration monitorDuration,
      MinimumHealthyHosts minimumHealthyHostsPerZone)
      implements RolloutShape {

    /** The zone name of instances that have none (on-premises servers). */
    public static final String NO_ZONE = "on-premises";

    public Zonal {
      Objects.requireNonNull(firstZoneMonitorDuration, "firstZoneMonitorDuration");
      Objects.requireNonNull(monitorDuration, "monitorDuration");
      Objects.requireNonNull(minimumHealthyHostsPerZone, "minimumHealthyHostsPerZone");
    }

    /** The zones of these instances, in the order they are deployed to, each in rollout order. */
    public static Map<String, List<String>> zones(
        List<String> orderedIds, Map<String, String> zoneOf) {
      Map<String, List<String>> byZone = new java.util.TreeMap<>();
      List<String> none = new ArrayList<>();
      for (String id : orderedIds) {
        String zone = zoneOf.get(id);
        if (zone == null || zone.isBlank() || zone.equals(NO_ZONE)) {
          none.add(id);
        } else {
          byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(id);
        }
      }
      Map<String, List<String>> out = new LinkedHashMap<>(byZone);
      if (!none.isEmpty()) {
        out.put(NO_ZONE, none);
      }
      return out;
    }

    @Override
    public List<RolloutStage> stages(List<String> orderedIds, Map<String, String> zoneOf) {
      List<RolloutStage> out = new ArrayList<>();
      int n = 0;
      Map<String, List<String>> zones = zones(orderedIds, zoneOf);
      for (Map.Entry<String, List<String>> zone : zones.entrySet()) {
        if (n > 0) {
          Duration bake =
              n == 1 ? firstZoneMonitorDuration.orElse(monitorDuration) : monitorDuration;
          out.add(
              new RolloutStage.Wait(
                  bake,
                  RolloutStage.WaitKind.BAKE,
                  "bake after zone " + ((RolloutStage.Deploy) out.get(out.size() - 1)).zone()));
        }
        out.add(
            new RolloutStage.Deploy(
                new LinkedHashSet<>(zone.getValue()),
                "zone " + zone.getKey(),
                Optional.of(
                    new RolloutStage.ZoneLimit(
                        zone.getKey(),
                        minimumHealthyHostsPerZone.resolve(zone.getValue().size())))));
        n++;
      }
      return out;
    }
  }
}
