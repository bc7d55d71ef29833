package io.fleetdeploy.appspec;

import java.util.Optional;

/**
 * One script of a lifecycle event.
 *
 * @param location path inside the bundle, without any leading {@code /} or {@code ./}
 * @param timeoutSeconds how long the script may run (3600 when the AppSpec gives none)
 * @param runas user to run it as; empty to run as the runner's user
 */
public record HookScript(String location, int timeoutSeconds, Optional<String> runas) {
  public static final int DEFAULT_TIMEOUT_SECONDS = 3600;
}
