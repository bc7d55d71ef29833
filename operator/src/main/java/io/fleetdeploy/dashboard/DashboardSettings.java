package io.fleetdeploy.dashboard;

import java.time.Duration;
import java.util.Set;

/**
 * How the dashboard runs.
 *
 * @param port its own HTTP port; 0 picks a free one
 * @param namespaces the namespaces it shows (the operator's); empty means all
 * @param actions whether stop, retry and roll back may be requested through it (off: read-only)
 * @param userHeader the header a trusted authenticating proxy names the user in; actions are
 *     refused without it
 * @param groupsHeader the header the proxy lists the user's groups in (comma-separated), if any
 * @param heartbeat how often an idle live-update stream sends a comment, so proxies keep it open
 * @param loopbackOnly listen on the loopback interface only (the demo), not on every interface
 */
public record DashboardSettings(
    int port,
    Set<String> namespaces,
    boolean actions,
    String userHeader,
    String groupsHeader,
    Duration heartbeat,
    boolean loopbackOnly) {

  public static final int DEFAULT_PORT = 8081;
  public static final String DEFAULT_USER_HEADER = "X-Forwarded-User";
  public static final String DEFAULT_GROUPS_HEADER = "X-Forwarded-Groups";

  public DashboardSettings {
    namespaces = Set.copyOf(namespaces);
    if (userHeader == null || userHeader.isBlank()) {
      throw new IllegalArgumentException("the dashboard's user header name must not be empty");
    }
  }

  /** Read-only, every namespace, the default headers, a heartbeat every 15 seconds. */
  public static DashboardSettings readOnly(int port) {
    return new DashboardSettings(
        port,
        Set.of(),
        false,
        DEFAULT_USER_HEADER,
        DEFAULT_GROUPS_HEADER,
        Duration.ofSeconds(15),
        false);
  }

  public DashboardSettings withActions(boolean enabled) {
    return new DashboardSettings(
        port, namespaces, enabled, userHeader, groupsHeader, heartbeat, loopbackOnly);
  }

  public DashboardSettings withNamespaces(Set<String> watched) {
    return new DashboardSettings(
        port, watched, actions, userHeader, groupsHeader, heartbeat, loopbackOnly);
  }

  public DashboardSettings withHeartbeat(Duration every) {
    return new DashboardSettings(
        port, namespaces, actions, userHeader, groupsHeader, every, loopbackOnly);
  }

  public DashboardSettings withLoopbackOnly(boolean loopback) {
    return new DashboardSettings(
        port, namespaces, actions, userHeader, groupsHeader, heartbeat, loopback);
  }
}
