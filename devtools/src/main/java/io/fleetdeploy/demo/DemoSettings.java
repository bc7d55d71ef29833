package io.fleetdeploy.demo;

import java.time.Duration;

/**
 * What one demo run does.
 *
 * @param port the embedded API server's port (0 picks a free one)
 * @param instances EC2 instances tagged app=demo
 * @param autoScalingInstances initial instances of demo-asg (0: the group exists, empty)
 * @param scaleOut whether to scale demo-asg out by one once a rollout's first batch has succeeded
 * @param timeout how long the whole run may take
 * @param pollInterval how often the demo reads the API server's objects
 * @param story which story the demo tells
 */
public record DemoSettings(
    int port,
    int instances,
    int autoScalingInstances,
    boolean scaleOut,
    Duration timeout,
    Duration pollInterval,
    DemoStory story) {

  /** The basic story. */
  public DemoSettings(
      int port,
      int instances,
      int autoScalingInstances,
      boolean scaleOut,
      Duration timeout,
      Duration pollInterval) {
    this(port, instances, autoScalingInstances, scaleOut, timeout, pollInterval, DemoStory.basic);
  }

  public DemoSettings {
    if (instances < 0 || autoScalingInstances < 0) {
      throw new IllegalArgumentException("instance counts must not be negative");
    }
  }
}
