package io.fleetdeploy.hostplan;

import io.fleetdeploy.appspec.HookScript;
import io.fleetdeploy.appspec.LifecycleEvent;
import java.util.List;
import java.util.Map;

/**
 * Everything one host does for one deployment, carried to the host runner as JSON
 * ({@link HostPlanCodec}).
 *
 * @param events the events to go through, in order
 * @param hooks this revision's scripts per event. For the events that run the previous revision's
 *     scripts (ApplicationStop and the block-traffic pair) the host runs the scripts it recorded for
 *     the last successful revision, and keeps these for the next deployment.
 * @param environment variables every hook script gets ({@code LIFECYCLE_EVENT} is added per event)
 */
public record HostPlan(
    String deploymentId,
    String applicationName,
    String deploymentGroupName,
    String deploymentGroupId,
    Revision revision,
    List<LifecycleEvent> events,
    Map<LifecycleEvent, List<HookScript>> hooks,
    InstallStep install,
    boolean ignoreApplicationStopFailures,
    Map<String, String> environment) {

  /** The version of the JSON form; the runner refuses plans of a version it does not know. */
  public static final int FORMAT_VERSION = 1;
}
