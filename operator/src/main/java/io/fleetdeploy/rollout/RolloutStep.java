package io.fleetdeploy.rollout;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One step of a stepped rollout ({@code deploymentConfig.steps}), as the spec lists it. */
public sealed interface RolloutStep
    permits RolloutStep.SetInstances, RolloutStep.Pause, RolloutStep.CheckAlarms {

  /**
   * Deploy until this many instances in all (cumulative, counted in rollout order) have been
   * deployed to: an absolute count, or a percentage of the fleet rounded up. Batches inside the
   * step still honour the minimum healthy hosts.
   */
  record SetInstances(Optional<Integer> count, Optional<Integer> percent) implements RolloutStep {
    public SetInstances {
      Objects.requireNonNull(count, "count");
      Objects.requireNonNull(percent, "percent");
      if (count.isPresent() == percent.isPresent()) {
        throw new IllegalArgumentException("exactly one of count and percent");
      }
    }

    public static SetInstances count(int n) {
      return new SetInstances(Optional.of(n), Optional.empty());
    }

    public static SetInstances percent(int p) {
      return new SetInstances(Optional.empty(), Optional.of(p));
    }

    /** How many instances of {@code total} this step brings the rollout to (at most all). */
    public int target(int total) {
      if (count.isPresent()) {
        return Math.min(count.get(), total);
      }
      long product = (long) total * percent.get();
      return (int) Math.min(total, (product + 99) / 100);
    }

    String describe() {
      return count.map(c -> c + " instance(s)").orElseGet(() -> percent.get() + "% of the fleet");
    }
  }

  /** Wait this long, or (empty) until {@code Deployment.spec.promote} passes this step. */
  record Pause(Optional<Duration> duration) implements RolloutStep {
    public Pause {
      Objects.requireNonNull(duration, "duration");
    }
  }

  /** Wait this long while the group's alarms are watched; one in ALARM fails the deployment. */
  record CheckAlarms(Duration duration) implements RolloutStep {
    public CheckAlarms {
      Objects.requireNonNull(duration, "duration");
    }
  }
}
