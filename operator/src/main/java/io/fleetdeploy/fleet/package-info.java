/**
 * The fleet port: what the controllers need from the world outside Kubernetes, in plain Java types.
 *
 * <ul>
 *   <li>{@link io.fleetdeploy.fleet.Fleet}: find the instances of a deployment group and read their
 *       current state.
 *   <li>{@link io.fleetdeploy.fleet.HostExecutor}: run a host plan on instances and read back
 *       per-instance progress and results; sends are idempotent per deployment and batch.
 *   <li>{@link io.fleetdeploy.fleet.LifecycleHooks}: Auto Scaling lifecycle hooks.
 *   <li>{@link io.fleetdeploy.fleet.RevisionStore}: pin a revision to bytes and hand hosts a
 *       time-limited address for them.
 * </ul>
 *
 * <p>The AWS adapter ({@code io.fleetdeploy.fleet.aws}) implements it with the AWS SDK; failures
 * surface as {@link io.fleetdeploy.fleet.FleetException} with a {@link
 * io.fleetdeploy.fleet.FleetError} that says whether retrying can help.
 */
package io.fleetdeploy.fleet;
