package io.fleetdeploy.demo;

import java.util.List;

/**
 * How a demo run ended.
 *
 * @param problems what went wrong (failed or stopped Deployments, groups not Ready, the timeout);
 *     empty on success
 * @param snapshot the API server's objects at the end
 * @param log the live log, which remembers every Deployment and how long each instance took
 */
public record DemoResult(List<String> problems, ClusterSnapshot snapshot, ProgressLog log) {
  public DemoResult {
    problems = List.copyOf(problems);
  }

  /** 0 when every Deployment succeeded and every group is Ready; 1 otherwise. */
  public int exitCode() {
    return problems.isEmpty() ? 0 : 1;
  }
}
