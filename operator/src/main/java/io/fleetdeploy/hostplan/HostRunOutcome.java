package io.fleetdeploy.hostplan;

/** What a runner's stdout says: its result, or why there is none. */
public sealed interface HostRunOutcome {

  /** The runner finished and printed its result line. */
  record Reported(HostRunResult result) implements HostRunOutcome {}

  /** No usable result line: the runner died, was cut off, or its output was truncated. */
  record NoResultLine(String reason) implements HostRunOutcome {}
}
