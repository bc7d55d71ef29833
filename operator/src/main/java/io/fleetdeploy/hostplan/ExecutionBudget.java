package io.fleetdeploy.hostplan;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.HookScript;
import io.fleetdeploy.appspec.LifecycleEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How long one host may take to carry out a plan, at most: SSM's execution timeout for the send.
 * When it passes, SSM kills the runner (and the runner's watchdog its hooks), so it must cover
 * everything a healthy host may legitimately spend: waiting for the runner's locks, downloading the
 * bundle, the previous revision's stop scripts (ApplicationStop and the block-traffic events run
 * the scripts of the revision already on the host, with that revision's timeouts), and every script
 * of this revision with its own timeout.
 */
public final class ExecutionBudget {
  /**
   * The runner's default {@code --lock-timeout}: it may wait this long for its group, and again for
   * the host's Install lock.
   */
  static final Duration RUNNER_LOCK_WAIT = Duration.ofMinutes(10);

  /** Connection set-up, six attempts and their backoff, before the bytes themselves. */
  static final Duration DOWNLOAD_FLOOR = Duration.ofMinutes(5);

  /** The slowest download a healthy host is granted: 1 MiB/s (a 2 GiB bundle gets 34 minutes). */
  static final long SLOWEST_BYTES_PER_SECOND = 1L << 20;

  /**
   * For each previous-revision event whose scripts the operator does not know: CodeDeploy's longest
   * event.
   */
  static final Duration UNKNOWN_PREVIOUS_EVENT =
      Duration.ofSeconds(HookScript.DEFAULT_TIMEOUT_SECONDS);

  static final Duration SLACK = Duration.ofMinutes(10);
  static final Duration MAX = Duration.ofHours(48);

  private ExecutionBudget() {}

  /**
   * The execution timeout for a plan deploying {@code revision}.
   *
   * @param events the events the plan runs
   * @param previousRevisionEvents what the stop events of the revision on the hosts take at most
   *     ({@link #previousRevisionEvents}), when the operator knows that revision
   * @param bundleBytes the bundle's size
   */
  public static Duration of(
      AppSpec revision,
      List<LifecycleEvent> events,
      Optional<Duration> previousRevisionEvents,
      long bundleBytes) {
    Duration scripts = Duration.ZERO;
    int previousEvents = 0;
    for (LifecycleEvent event : events) {
      if (event.runsPreviousRevisionScripts()) {
        previousEvents++;
      } else {
        scripts = scripts.plus(timeouts(revision, event));
      }
    }
    Duration previous =
        previousRevisionEvents.orElse(UNKNOWN_PREVIOUS_EVENT.multipliedBy(previousEvents));
    Duration download =
        DOWNLOAD_FLOOR.plusSeconds(Math.max(0, bundleBytes) / SLOWEST_BYTES_PER_SECOND);
    Duration total =
        scripts.plus(previous).plus(download).plus(RUNNER_LOCK_WAIT.multipliedBy(2)).plus(SLACK);
    return total.compareTo(MAX) > 0 ? MAX : total;
  }

  /**
   * What this revision's scripts take at most when it is the previous revision of a later
   * deployment.
   */
  public static Duration previousRevisionEvents(AppSpec revision) {
    Duration total = Duration.ZERO;
    for (LifecycleEvent event : LifecycleEvent.values()) {
      if (event.runsPreviousRevisionScripts()) {
        total = total.plus(timeouts(revision, event));
      }
    }
    return total;
  }

  private static Duration timeouts(AppSpec revision, LifecycleEvent event) {
    return Duration.ofSeconds(
        revision.scriptsFor(event).stream().mapToLong(HookScript::timeoutSeconds).sum());
  }
}
