package io.fleetdeploy.controller.deployment;

import java.time.Duration;

/**
 * The Deployment controller's clocks.
 *
 * @param pollInterval how often a running deployment reads its hosts' progress
 * @param queuedRecheck how often a queued or waiting deployment looks again
 * @param deliveryTimeout how long an instance's agent may take to start a command (then
 *     AGENT_ISSUE)
 * @param downloadUrlValidity how long a host's download address stays valid after a batch starts
 * @param instanceCheckInterval how often instances in progress are checked for having gone away
 */
public record Timing(
    Duration pollInterval,
    Duration queuedRecheck,
    Duration deliveryTimeout,
    Duration downloadUrlValidity,
    Duration instanceCheckInterval) {

  /** Production defaults; the delivery timeout is CodeDeploy's five minutes. */
  public static Timing defaults() {
    return new Timing(
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        Duration.ofHours(2),
        Duration.ofSeconds(30));
  }

  public Timing withPollInterval(Duration poll) {
    return new Timing(
        poll, queuedRecheck, deliveryTimeout, downloadUrlValidity, instanceCheckInterval);
  }

  public Timing withDeliveryTimeout(Duration timeout) {
    return new Timing(
        pollInterval, queuedRecheck, timeout, downloadUrlValidity, instanceCheckInterval);
  }

  public Timing withInstanceCheckInterval(Duration interval) {
    return new Timing(pollInterval, queuedRecheck, deliveryTimeout, downloadUrlValidity, interval);
  }
}
