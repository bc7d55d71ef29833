package io.fleetdeploy.kubectl;

import java.time.Duration;

final class Sleep {
  private Sleep() {}

  static void of(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted");
    }
  }
}
