package io.fleetdeploy.demo;

import java.time.Duration;

/** The one-line progress bar the demo keeps at the bottom of a terminal. */
final class ProgressBar {
  private static final int WIDTH = 30;

  private ProgressBar() {}

  static String render(ProgressLog.Progress progress, Duration elapsed) {
    int filled =
        progress.instancesTotal() == 0
            ? 0
            : (int)
                Math.round(WIDTH * (double) progress.instancesDone() / progress.instancesTotal());
    return "["
        + "#".repeat(filled)
        + ".".repeat(WIDTH - filled)
        + "] "
        + progress.instancesDone()
        + "/"
        + progress.instancesTotal()
        + " instance deployments, "
        + progress.deploymentsDone()
        + "/"
        + progress.deploymentsTotal()
        + " Deployments done, "
        + DeploymentFacts.format(elapsed);
  }
}
