package io.fleetdeploy.rollout;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** One stage of a staged rollout: deploy to some instances, wait, or wait to be promoted. */
public sealed interface RolloutStage
    permits RolloutStage.Deploy, RolloutStage.Wait, RolloutStage.AwaitPromotion {

  /** What the stage is, for status and messages, e.g. {@code step 2 (pause)}. */
  String label();

  /** Why a rollout waits. */
  enum WaitKind {
    /** A {@code pause} step with a duration. */
    PAUSE,
    /** A {@code checkAlarms} step: alarms are watched while it lasts. */
    CHECK_ALARMS,
    /** A zonal rollout's monitor duration between zones: alarms are watched too. */
    BAKE;

    public boolean watchesAlarms() {
      return this != PAUSE;
    }
  }

  /** A per-zone minimum: at least {@code minimum} instances of zone {@code zone} stay healthy. */
  record ZoneLimit(String zone, int minimum) {}

  /**
   * Deploy to these instances (those already deployed to count). Done when none of them is pending
   * or in progress.
   */
  record Deploy(Set<String> eligible, String label, Optional<ZoneLimit> zoneLimit)
      implements RolloutStage {
    public Deploy {
      eligible = Set.copyOf(eligible);
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(zoneLimit, "zoneLimit");
    }

    /** The zone this stage deploys to, or empty for a step. */
    public String zone() {
      return zoneLimit.map(ZoneLimit::zone).orElse("");
    }
  }

  /** Wait this long from the moment the stage was entered. */
  record Wait(Duration duration, WaitKind kind, String label) implements RolloutStage {
    public Wait {
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(label, "label");
    }
  }

  /** Wait until {@code Deployment.spec.promote} is at least this stage's index. */
  record AwaitPromotion(String label) implements RolloutStage {}
}
