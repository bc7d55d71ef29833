package io.fleetdeploy.rollout;

/**
 * How many instances must stay healthy while a deployment runs, as a rule that becomes a number
 * once the fleet size is known. The number is resolved once, when the deployment starts, and then
 * kept in the deployment's status: a fleet that changes size later does not move it.
 */
public sealed interface MinimumHealthyHosts
    permits MinimumHealthyHosts.HostCount,
        MinimumHealthyHosts.FleetPercent,
        MinimumHealthyHosts.AllButOne {

  /** The minimum number of healthy hosts for a deployment to {@code instanceCount} instances. */
  int resolve(int instanceCount);

  /**
   * How {@link #resolve} arrived at its number, for messages, e.g. {@code FLEET_PERCENT 95 of 10
   * instances, rounded up}.
   */
  String explain(int instanceCount);

  static MinimumHealthyHosts hostCount(int value) {
    return new HostCount(value);
  }

  static MinimumHealthyHosts fleetPercent(int value) {
    return new FleetPercent(value);
  }

  static MinimumHealthyHosts allButOne() {
    return new AllButOne();
  }

  /** A fixed number of hosts, whatever the fleet size. */
  record HostCount(int value) implements MinimumHealthyHosts {
    public HostCount {
      if (value < 0) {
        throw new IllegalArgumentException("HOST_COUNT must not be negative, got " + value);
      }
    }

    @Override
    public int resolve(int instanceCount) {
      return value;
    }

    @Override
    public String explain(int instanceCount) {
      return "HOST_COUNT " + value + " of " + instances(instanceCount);
    }
  }

  /**
   * A share of the fleet, rounded up as CodeDeploy does: {@code ceil(N * value / 100)}. Rounding up
   * keeps at least the requested share healthy.
   */
  record FleetPercent(int value) implements MinimumHealthyHosts {
    public FleetPercent {
      if (value < 0 || value > 100) {
        throw new IllegalArgumentException("FLEET_PERCENT must be within 0..100, got " + value);
      }
    }

    @Override
    public int resolve(int instanceCount) {
      long product = (long) Math.max(instanceCount, 0) * value;
      return (int) ((product + 99) / 100);
    }

    @Override
    public String explain(int instanceCount) {
      long product = (long) Math.max(instanceCount, 0) * value;
      String rounding = product % 100 == 0 ? "" : ", rounded up";
      return "FLEET_PERCENT " + value + " of " + instances(instanceCount) + rounding;
    }
  }

  /**
   * OneAtATime: every instance but one stays healthy ({@code N - 1}, and 0 for a single instance).
   * It can never leave the fleet without an instance to deploy to.
   */
  record AllButOne() implements MinimumHealthyHosts {
    @Override
    public int resolve(int instanceCount) {
      return Math.max(instanceCount - 1, 0);
    }

    @Override
    public String explain(int instanceCount) {
      return "all but one of " + instances(instanceCount);
    }
  }

  private static String instances(int count) {
    return count == 1 ? "1 instance" : count + " instances";
  }
}
