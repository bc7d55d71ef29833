package io.fleetdeploy.hostplan;

import io.fleetdeploy.appspec.AppSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which events {@code fleetdeploy local} runs, in which order, and which AppSpecs it refuses,
 * decided as {@code codedeploy-local} decides them (its {@code deployer.rb}, {@code
 * cli_validator.rb} and the Install check in {@code command_executor.rb}).
 */
public final class LocalEvents {
  /**
   * What runs without {@code --events}: the eleven events of an in-place deployment with traffic
   * hooks, but no BlockTraffic or AllowTraffic (there is no load balancer on a local run).
   */
  public static final List<String> DEFAULT_ORDER =
      List.of(
          "BeforeBlockTraffic",
          "AfterBlockTraffic",
          "ApplicationStop",
          "DownloadBundle",
          "BeforeInstall",
          "Install",
          "AfterInstall",
          "ApplicationStart",
          "ValidateService",
          "BeforeAllowTraffic",
          "AfterAllowTraffic");

  /** Fetching and installing the revision: they run first unless named. */
  private static final List<String> REQUIRED = List.of("DownloadBundle", "Install");

  /** Events that use the new revision's files, so cannot run before it is fetched or installed. */
  private static final Set<String> NEED_INSTALLED_REVISION =
      Set.of(
          "AfterInstall",
          "ApplicationStart",
          "ValidateService",
          "BeforeAllowTraffic",
          "AfterAllowTraffic");

  /** Switched by a load balancer integration, which a local run has not. */
  private static final Set<String> TRAFFIC_SWITCHES = Set.of("BlockTraffic", "AllowTraffic");

  private LocalEvents() {}

  /**
   * The events to run: {@link #DEFAULT_ORDER} when none are requested, else the requested ones in
   * the order given, preceded by DownloadBundle and Install when they are not among them.
   *
   * @throws IllegalArgumentException for an order codedeploy-local refuses
   */
  public static List<String> order(List<String> requested) {
    if (requested == null || requested.isEmpty()) {
      return DEFAULT_ORDER;
    }
    for (String event : requested) {
      if (event.isBlank()) {
        throw new IllegalArgumentException("--events has an empty event name");
      }
      if (TRAFFIC_SWITCHES.contains(event)) {
        throw new IllegalArgumentException(
            event
                + " is switched by the load balancer integration, which a local"
                + " run has not; codedeploy-local would run scripts listed under it as a custom event, fleetdeploy"
                + " does not: rename the event in the AppSpec");
      }
    }
    requireNoneBefore(
        requested, "DownloadBundle", union(NEED_INSTALLED_REVISION, Set.of("Install")));
    requireNoneBefore(requested, "Install", NEED_INSTALLED_REVISION);
    List<String> events = new ArrayList<>();
    REQUIRED.stream().filter(event -> !requested.contains(event)).forEach(events::add);
    events.addAll(requested);
    return List.copyOf(events);
  }

  /**
   * What keeps {@code appSpec} from running {@code events} (from {@link #order}), as
   * codedeploy-local fails Install: scripts listed under names that are neither among its default
   * events nor requested, or a requested custom event the AppSpec lists no scripts for.
   */
  public static Optional<String> mismatch(
      AppSpec appSpec, List<String> events, String appSpecName) {
    Set<String> known = new LinkedHashSet<>(DEFAULT_ORDER);
    known.addAll(events);
    List<String> unknown =
        appSpec.hookNames().stream().filter(name -> !known.contains(name)).toList();
    if (!unknown.isEmpty()) {
      return Optional.of(
          appSpecName
              + " lists scripts under "
              + String.join(", ", unknown)
              + ", which "
              + (unknown.size() == 1 ? "is not an event" : "are not events")
              + " of this run; codedeploy-local fails"
              + " such a deployment (\"contains unknown lifecycle events\"). Run them with --events, or remove them");
    }
    List<String> undefined =
        events.stream()
            .filter(
                event -> !DEFAULT_ORDER.contains(event) && !appSpec.otherHooks().containsKey(event))
            .distinct()
            .toList();
    if (!undefined.isEmpty()) {
      return Optional.of(
          "--events names "
              + String.join(", ", undefined)
              + ", which "
              + (undefined.size() == 1 ? "is" : "are")
              + " not a lifecycle event and not listed under hooks in "
              + appSpecName
              + " (custom events must be); the lifecycle events are "
              + String.join(", ", DEFAULT_ORDER));
    }
    return Optional.empty();
  }

  private static void requireNoneBefore(
      List<String> requested, String event, Set<String> notBefore) {
    int at = requested.indexOf(event);
    if (at < 0) {
      return;
    }
    List<String> early =
        requested.subList(0, at).stream().filter(notBefore::contains).distinct().toList();
    if (!early.isEmpty()) {
      throw new IllegalArgumentException(
          "--events puts "
              + String.join(", ", early)
              + " before "
              + event
              + ", which codedeploy-local refuses: "
              + String.join(", ", early)
              + " "
              + (early.size() == 1 ? "needs" : "need")
              + " the revision that "
              + event
              + " "
              + (event.equals("Install") ? "installs" : "fetches")
              + ". Fix the order: "
              + String.join(",", requested));
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
