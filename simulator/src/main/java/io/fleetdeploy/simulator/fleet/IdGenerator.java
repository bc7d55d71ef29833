package io.fleetdeploy.simulator.fleet;

import java.util.SplittableRandom;
import java.util.UUID;

/** Resource ids shaped like AWS's, reproducible from a seed. */
public final class IdGenerator {
  private final SplittableRandom random;

  public IdGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** {@code i-0} and 16 hex digits: the 17-character form EC2 has used since 2016. */
  public String instanceId() {
    return "i-0" + hex(16);
  }

  /** {@code mi-0} and 16 hex digits, as SSM names registered on-premises servers. */
  public String managedInstanceId() {
    return "mi-0" + hex(16);
  }

  public String reservationId() {
    return "r-0" + hex(16);
  }

  public synchronized String uuid() {
    return new UUID(
            (random.nextLong() & ~0xF000L) | 0x4000L,
            (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L)
        .toString();
  }

  public synchronized String hex(int digits) {
    StringBuilder sb = new StringBuilder(digits);
    for (int i = 0; i < digits; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }
}
