package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.hostplan.HostPlan;
import java.time.Duration;
import java.util.List;

/**
 * A revision ready to roll out: pinned to its bytes, its AppSpec checked, and the host plan made
 * from it (without the download address, which is signed fresh for each batch).
 *
 * @param warnings the AppSpec check's warnings, to show users
 * @param executionTimeout how long one host may take at most (its hooks' timeouts plus slack)
 */
record PreparedRevision(PinnedBundle bundle, PinnedRevision pinned, HostPlan plan, List<String> warnings,
    Duration executionTimeout) {}
