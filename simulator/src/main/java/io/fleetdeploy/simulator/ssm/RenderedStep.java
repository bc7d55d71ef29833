package io.fleetdeploy.simulator.ssm;

/**
 * A document step with its parameters filled in: what one plugin run executes on each instance.
 * {@code script} is null for plugins the simulator cannot run.
 */
record RenderedStep(
    String name, String action, String script, String workingDirectory, int timeoutSeconds) {
  static final int DEFAULT_TIMEOUT_SECONDS = 3600;

  /** The agent's hard cap on a plugin's execution timeout (48 hours). */
  static final int MAX_TIMEOUT_SECONDS = 172_800;
}
