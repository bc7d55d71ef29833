package io.fleetdeploy.hostplan;

import io.fleetdeploy.appspec.HookScript;
import io.fleetdeploy.appspec.LifecycleEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one host does for one deployment, carried to the host runner as JSON ({@link
 * HostPlanCodec}).
 *
 * @param events the events to go through, in order: lifecycle event names, and for {@code
 *     fleetdeploy local --events} custom event names of {@code customHooks}
 * @param hooks this revision's scripts per event. For the events that run the previous revision's
 *     scripts (ApplicationStop and the block-traffic pair) the host runs the scripts it recorded
 *     for the last successful revision, and keeps these for the next deployment.
 * @param environment variables every hook script gets ({@code LIFECYCLE_EVENT} is added per event)
 * @param customHooks scripts of the custom events among {@code events} (empty for a deployment)
 * @param part which send of the deployment this is, when a host's events are split over several
 *     (empty: the plan has every event of the deployment)
 */
public record HostPlan(
    String deploymentId,
    String applicationName,
    String deploymentGroupName,
    String deploymentGroupId,
    Revision revision,
    List<String> events,
    Map<LifecycleEvent, List<HookScript>> hooks,
    InstallStep install,
    boolean ignoreApplicationStopFailures,
    Map<String, String> environment,
    Map<String, List<HookScript>> customHooks,
    Optional<PlanPart> part) {

  /** The version of the JSON form; the runner refuses plans of a version it does not know. */
  public static final int FORMAT_VERSION = 1;

  /** A plan of every event of the deployment. */
  public HostPlan(
      String deploymentId,
      String applicationName,
      String deploymentGroupName,
      String deploymentGroupId,
      Revision revision,
      List<String> events,
      Map<LifecycleEvent, List<HookScript>> hooks,
      InstallStep install,
      boolean ignoreApplicationStopFailures,
      Map<String, String> environment,
      Map<String, List<HookScript>> customHooks) {
    this(
        deploymentId,
        applicationName,
        deploymentGroupName,
        deploymentGroupId,
        revision,
        events,
        hooks,
        install,
        ignoreApplicationStopFailures,
        environment,
        customHooks,
        Optional.empty());
  }

  /** A plan without custom events. */
  public HostPlan(
      String deploymentId,
      String applicationName,
      String deploymentGroupName,
      String deploymentGroupId,
      Revision revision,
      List<String> events,
      Map<LifecycleEvent, List<HookScript>> hooks,
      InstallStep install,
      boolean ignoreApplicationStopFailures,
      Map<String, String> environment) {
    this(
        deploymentId,
        applicationName,
        deploymentGroupName,
        deploymentGroupId,
        revision,
        events,
        hooks,
        install,
        ignoreApplicationStopFailures,
        environment,
        Map.of());
  }

  /** This plan cut down to one part's events ({@link TrafficParts#events}). */
  public HostPlan part(List<String> partEvents, PlanPart part) {
    return new HostPlan(
        deploymentId,
        applicationName,
        deploymentGroupName,
        deploymentGroupId,
        revision,
        List.copyOf(partEvents),
        hooks,
        install,
        ignoreApplicationStopFailures,
        environment,
        customHooks,
        Optional.of(part));
  }
}
