package io.fleetdeploy.dashboard;

import java.util.List;

/**
 * The user an action is requested by, as the trusted authenticating proxy in front of the dashboard
 * names them.
 */
record Requester(String user, List<String> groups) {
  Requester {
    groups = List.copyOf(groups);
  }
}
