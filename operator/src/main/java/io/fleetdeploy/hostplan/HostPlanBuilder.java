package io.fleetdeploy.hostplan;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.FileExistsBehavior;
import io.fleetdeploy.appspec.HookScript;
import io.fleetdeploy.appspec.LifecycleEvent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns a validated AppSpec and a deployment into the plan one host carries out. */
public final class HostPlanBuilder {
  // Ids name directories and files on the host: keep them to characters that cannot climb out.
  private static final Pattern HOST_SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_NAME_LENGTH = 256;

  private HostPlanBuilder() {}

  /**
   * Builds the plan.
   *
   * @throws IllegalArgumentException naming the value that cannot go to a host
   */
  public static HostPlan build(AppSpec appSpec, DeploymentContext context) {
    requireId("deployment id", context.deploymentId());
    requireId("deployment group id", context.deploymentGroupId());
    requireName("application name", context.applicationName());
    requireName("deployment group name", context.deploymentGroupName());
    Revision revision = context.revision();
    if (!SHA256.matcher(revision.sha256()).matches()) {
      throw new IllegalArgumentException(
          "revision sha256 must be 64 lower-case hex digits, found '" + revision.sha256() + "'");
    }
    if (revision.location().isBlank()) {
      throw new IllegalArgumentException("revision location is empty");
    }
    FileExistsBehavior behavior =
        appSpec
            .fileExistsBehavior()
            .or(context::fileExistsBehavior)
            .orElse(FileExistsBehavior.DISALLOW);
    return new HostPlan(
        context.deploymentId(),
        context.applicationName(),
        context.deploymentGroupName(),
        context.deploymentGroupId(),
        revision,
        LifecycleEvent.inOrder(context.trafficControl()).stream().map(Enum::name).toList(),
        Map.copyOf(appSpec.hooks()),
        new InstallStep(appSpec.files(), appSpec.permissions(), behavior),
        context.ignoreApplicationStopFailures(),
        environment(context));
  }

  /**
   * The plan of a {@code fleetdeploy local} run: the events of {@code localEvents} (from {@link
   * LocalEvents#order}) in that order, with the scripts of the custom ones among them.
   *
   * @throws IllegalArgumentException naming the value that cannot go to a host
   */
  public static HostPlan buildLocal(
      AppSpec appSpec, DeploymentContext context, List<String> localEvents) {
    HostPlan plan = build(appSpec, context);
    Map<String, List<HookScript>> custom = new LinkedHashMap<>();
    for (String event : localEvents) {
      if (LifecycleEvent.byName(event).isEmpty()) {
        custom.put(event, appSpec.otherHooks().getOrDefault(event, List.of()));
      }
    }
    return new HostPlan(
        plan.deploymentId(),
        plan.applicationName(),
        plan.deploymentGroupName(),
        plan.deploymentGroupId(),
        plan.revision(),
        List.copyOf(localEvents),
        plan.hooks(),
        plan.install(),
        plan.ignoreApplicationStopFailures(),
        plan.environment(),
        Collections.unmodifiableMap(custom));
  }

  /**
   * A plan that only stops the application (what a host does before Auto Scaling terminates it):
   * the stop events run the last successful revision's scripts recorded on the host; nothing is
   * downloaded or installed, and the host's record of what it runs is left as it was.
   */
  public static HostPlan stopOnly(DeploymentContext context) {
    requireId("deployment id", context.deploymentId());
    requireId("deployment group id", context.deploymentGroupId());
    requireName("application name", context.applicationName());
    requireName("deployment group name", context.deploymentGroupName());
    List<String> events =
        LifecycleEvent.inOrder(context.trafficControl()).stream()
            .filter(LifecycleEvent::runsPreviousRevisionScripts)
            .map(Enum::name)
            .toList();
    return new HostPlan(
        context.deploymentId(),
        context.applicationName(),
        context.deploymentGroupName(),
        context.deploymentGroupId(),
        context.revision(),
        events,
        Map.of(),
        new InstallStep(List.of(), List.of(), FileExistsBehavior.DISALLOW),
        true,
        environment(context));
  }

  /** The CodeDeploy variables, in the names existing hook scripts read. */
  private static Map<String, String> environment(DeploymentContext context) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("DEPLOYMENT_ID", context.deploymentId());
    environment.put("APPLICATION_NAME", context.applicationName());
    environment.put("DEPLOYMENT_GROUP_NAME", context.deploymentGroupName());
    environment.put("DEPLOYMENT_GROUP_ID", context.deploymentGroupId());
    context
        .revision()
        .s3()
        .ifPresent(
            s3 -> {
              environment.put("BUNDLE_BUCKET", s3.bucket());
              environment.put("BUNDLE_KEY", s3.key());
              s3.version().ifPresent(v -> environment.put("BUNDLE_VERSION", v));
              s3.etag().ifPresent(e -> environment.put("BUNDLE_ETAG", e));
            });
    environment.values().forEach(value -> requireName("environment value", value));
    return Map.copyOf(environment);
  }

  private static void requireId(String what, String value) {
    if (value == null || !HOST_SAFE_ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " must be 1-128 letters, digits, '.', '_' or '-'"
              + " starting with a letter or digit, found '"
              + value
              + "'");
    }
  }

  private static void requireName(String what, String value) {
    if (value == null
        || value.isEmpty()
        || value.length() > MAX_NAME_LENGTH
        || value.chars().anyMatch(c -> c < 0x20)) {
      throw new IllegalArgumentException(
          what
              + " must be 1-"
              + MAX_NAME_LENGTH
              + " characters without control characters, found '"
              + value
              + "'");
    }
  }
}
