package io.fleetdeploy.hostplan;

import java.util.List;
import java.util.Optional;

/**
 * The runner's machine-readable account of one deployment on one host.
 *
 * @param downloaded false when the host already had the revision unpacked
 * @param replay true when the host had already run this deployment and only repeated its result
 * @param error why the runner could not run at all (bad plan, lock held), when it could not
 * @param leftRunning processes hook scripts started and left running (at most 10)
 */
public record HostRunResult(
    String deploymentId,
    EventStatus status,
    boolean downloaded,
    boolean replay,
    Optional<String> error,
    List<EventResult> events,
    List<LeftRunning> leftRunning) {

  public HostRunResult(
      String deploymentId,
      EventStatus status,
      boolean downloaded,
      boolean replay,
      Optional<String> error,
      List<EventResult> events) {
    this(deploymentId, status, downloaded, replay, error, events, List.of());
  }

  public boolean succeeded() {
    return status == EventStatus.Succeeded;
  }

  /** The event that failed the deployment, if one did. */
  public Optional<EventResult> failedEvent() {
    return events.stream()
        .filter(e -> e.status() == EventStatus.Failed && !e.ignored())
        .findFirst();
  }
}
