/**
 * The rollout arithmetic and decisions of a Deployment, as pure functions: no Kubernetes or AWS
 * types, no clock, no I/O. The Deployment controller keeps all progress in status, rebuilds a
 * {@link io.fleetdeploy.rollout.RolloutSnapshot} from it on every reconcile, and asks {@link
 * io.fleetdeploy.rollout.RolloutDecider#decide} what to do next. The same snapshot always gets the
 * same decision, so an operator that restarts anywhere resumes correctly.
 *
 * <h2>How the controller uses it</h2>
 *
 * <ol>
 *   <li><b>Configuration.</b> Turn the spec's {@code deploymentConfig} into a {@link
 *       io.fleetdeploy.rollout.DeploymentConfiguration} with {@link
 *       io.fleetdeploy.rollout.DeploymentConfigurationParser#parse}; bad values raise a {@link
 *       io.fleetdeploy.rollout.RolloutSettingException} whose {@code field()} and message say what
 *       is wrong (prefix the field with {@code spec.deploymentConfig.}).
 *   <li><b>Start.</b> Once the targets are known, {@link
 *       io.fleetdeploy.rollout.StartCheck#evaluate} with N = the number of target instances. {@code
 *       Rejected} ends the deployment Failed before any host is touched ({@code NO_INSTANCES},
 *       {@code HEALTH_CONSTRAINTS_INVALID}, with a message that shows the arithmetic). {@code
 *       Accepted} gives the minimum healthy hosts: write it to {@code status.minimumHealthyHosts}
 *       and never recompute it.
 *   <li><b>Each reconcile.</b> Build the snapshot from status: that minimum, the batch policy
 *       ({@link io.fleetdeploy.rollout.BatchPolicy#codeDeploy}: waves of at most N minus the
 *       minimum), every target instance in rollout order (with its health before the deployment,
 *       fixed at start, and its status now), the batch counter, and whether a stop was requested.
 *       Act on the decision:
 *       <ul>
 *         <li>{@code StartBatch(n, ids)}: in one status write, mark the ids InProgress and set the
 *             batch counter to n; only once that write succeeded, send to the hosts, naming
 *             deployment and batch in the send (SSM Comment). A write that fails (a conflict: the
 *             spec changed, e.g. a stop) sends nothing, and the next reconcile decides again. A
 *             batch whose commands are not in status yet (the send happened after the write, or the
 *             operator died in between) is sent again, which finds the earlier send by its comment
 *             instead of sending twice, and its commands are recorded. So an instance that was sent
 *             to is always InProgress in status first: it is never Skipped, and its result is
 *             always collected.
 *         <li>{@code Wait(ids)}: poll or await results of those instances.
 *         <li>{@code Halt(outcome, code, message, idsToSkip, inProgress)}: the end is decided but
 *             instances still run. Mark {@code idsToSkip} Skipped and record the error now; start
 *             nothing; wait for {@code inProgress}. Asking again gives {@code Halt} (with nothing
 *             more to skip) until none is in progress, then {@code Finish}.
 *         <li>{@code Finish(outcome, code, message, idsToSkip)}: mark {@code idsToSkip} Skipped and
 *             set the final phase. Then ask {@link io.fleetdeploy.rollout.RollbackDecider} whether
 *             to roll back.
 *       </ul>
 *   <li><b>Status.</b> {@link io.fleetdeploy.rollout.RolloutOverview} gives the overview counts and
 *       a {@code 6/10} (succeeded of all) printer column.
 * </ol>
 *
 * <p>Contract for crash safety: keep {@code stopRequested} once it was true (copy the spec's stop
 * into status); report an instance's result only once known (an instance whose result was lost
 * stays InProgress until the controller finds out or gives up and records Failed); never change the
 * instance list or the minimum after the start.
 *
 * <h2>Minimum healthy hosts</h2>
 *
 * <table>
 *   <caption>Deployment configurations</caption>
 *   <tr><th>configuration</th><th>minimum for N instances</th></tr>
 *   <tr><td>{@code AllAtOnce}</td><td>0</td></tr>
 *   <tr><td>{@code HalfAtATime}</td><td>FLEET_PERCENT 50: ceil(N / 2)</td></tr>
 *   <tr><td>{@code OneAtATime} (default)</td><td>N - 1 (0 for one instance)</td></tr>
 *   <tr><td>custom {@code HOST_COUNT v}</td><td>v (0 or more)</td></tr>
 *   <tr><td>custom {@code FLEET_PERCENT v}</td><td>ceil(N * v / 100), v from 0 to 99</td></tr>
 * </table>
 *
 * <p>Computed once at the start. A minimum of N or more leaves nothing to deploy to: {@code
 * HEALTH_CONSTRAINTS_INVALID}, e.g. "minimum healthy hosts is 10 (FLEET_PERCENT 95 of 10 instances,
 * rounded up), which leaves no instance to deploy to; lower it below 10". OneAtATime never trips
 * it; HalfAtATime on a single instance does (minimum 1 of 1).
 *
 * <h2>Health</h2>
 *
 * The healthy count is the number of instances healthy right now: a pending or skipped instance has
 * the health it had before the deployment; an instance in progress is unhealthy (its application is
 * being replaced); a success makes it healthy, a failure unhealthy. An instance unhealthy before
 * stays unhealthy until it succeeds. What "healthy before" means is the controller's call: as in
 * CodeDeploy, healthy only when the last deployment to it succeeded, so an instance never deployed
 * to, or stopped, is unhealthy. Every kind of instance failure counts the same: a script, a
 * timeout, an instance terminated or stopped mid-deployment, an agent that never picked the command
 * up ({@code AGENT_ISSUE}); a target that is stopped when the deployment starts fails at once, as
 * CodeDeploy counts it. An instance that left the fleet before its turn ({@link
 * io.fleetdeploy.rollout.InstanceStatus#LEFT}) is not a failure, but can no longer count as
 * healthy.
 *
 * <h2>Order</h2>
 *
 * Unhealthy instances first, then healthy ones with an unknown revision, then with an old revision,
 * then those already on the target revision; within each class the given order (by id). See {@link
 * io.fleetdeploy.rollout.RolloutOrder}.
 *
 * <h2>Batches</h2>
 *
 * A batch is as many pending instances, in order, as can start without the healthy count dropping
 * below the minimum: unhealthy instances start without spending healthy capacity, healthy ones only
 * {@code healthy - minimum} at a time. Reference numbers (all unit tests):
 *
 * <ul>
 *   <li>9 hosts, HOST_COUNT 6: 3 at a time (3, 3, 3);
 *   <li>10 hosts, FLEET_PERCENT 40: minimum 4, 6 at a time (6, then the last 4);
 *   <li>6 hosts, HalfAtATime: minimum 3, 3 at a time; 9 hosts: minimum 5, 4 at a time (4, 4, 1);
 *   <li>OneAtATime: 1 at a time, whatever the instances' health; AllAtOnce: all at once;
 *   <li>6 hosts never deployed to, HalfAtATime: 3 and 3 (unhealthy ones cost no healthy capacity,
 *       and the cap of N minus the minimum still holds).
 * </ul>
 *
 * <p>{@link io.fleetdeploy.rollout.BatchPolicy} adds a cap, {@code maxInProgress} (the controller
 * uses CodeDeploy's, N minus the minimum, {@link io.fleetdeploy.rollout.BatchPolicy#codeDeploy}),
 * and the pacing. {@link io.fleetdeploy.rollout.Pacing#WAVES} (default, CodeDeploy's behaviour):
 * the next batch starts only when the whole previous batch has results, so a failing batch is seen
 * whole before more hosts are put at risk. {@link io.fleetdeploy.rollout.Pacing#ROLLING}: more
 * instances start as soon as capacity frees up (a success brings the healthy count above the
 * minimum again), with the cap bounding instances in progress at once; faster when hosts take
 * uneven time.
 *
 * <h2>Outcomes</h2>
 *
 * <ul>
 *   <li><b>Succeeded</b> when nothing is pending or in progress, at least the minimum succeeded and
 *       at least one did. So AllAtOnce succeeds if any instance succeeds, OneAtATime still succeeds
 *       when only the last instance fails, and HalfAtATime on 10 survives a failure in its first
 *       batch.
 *   <li><b>Failed, {@code HEALTH_CONSTRAINTS}</b>, as soon as the minimum is out of reach even if
 *       everything in progress and everything still to start succeeds: fewer than the minimum can
 *       end healthy (N minus failed &lt; minimum), or none can succeed, or healthy instances are
 *       still to deploy to but N minus failed &le; minimum, so no healthy one can ever be taken out
 *       again. Pending instances become Skipped at once and no batch starts; instances in progress
 *       finish ({@code Halt}, then {@code Finish}). 6 hosts HalfAtATime whose first batch fails: 3
 *       Failed, 3 Skipped. 10 hosts OneAtATime whose first instance fails: fails at once, 9
 *       Skipped. At the end of a deployment that skipped nothing this is exactly CodeDeploy's rule.
 *       <br>
 *       Differs from the literal "healthy plus in-progress below the minimum": unhealthy instances
 *       still pending can yet become healthy, so they keep the minimum within reach.
 *   <li><b>Stopped, {@code MANUAL_STOP}</b>, when a stop is requested: no new batch, pending
 *       instances Skipped at once, instances in progress finish, then Stopped. A stop requested
 *       before the final phase is recorded makes the deployment Stopped even if every instance had
 *       already run. Skipped instances in a snapshot without a stop or a health shortfall are read
 *       as an earlier stop: a skipped rollout never resumes.
 *   <li>A health failure outranks a stop: if the instances that were running when the stop came
 *       then fail so that the minimum is out of reach, the deployment ends Failed, and a failure,
 *       once announced by {@code Halt}, stays the outcome.
 *   <li><b>Failed, {@code NO_INSTANCES}</b> with no targets; <b>{@code
 *       HEALTH_CONSTRAINTS_INVALID}</b> for a minimum of N or more (also from {@code decide}, so
 *       every snapshot gets a decision).
 * </ul>
 *
 * <h2>Rollback</h2>
 *
 * CodeDeploy redeploys the last good revision to the whole group; fleetdeploy only to the instances
 * the ended deployment touched ({@link io.fleetdeploy.rollout.RollbackTargets#touched}): those that
 * succeeded, failed, or were still in progress, never pending or skipped ones, in rollout order.
 * {@link io.fleetdeploy.rollout.RollbackDecider} rolls back only if automatic rollback is enabled
 * for the way the deployment ended ({@code DeploymentFailure} for Failed, {@code
 * DeploymentStopOnRequest} for Stopped), an earlier successful revision exists, the deployment is
 * not itself a rollback (no rollback loops) nor an Auto Scaling launch (its instance is abandoned,
 * or held, never rolled back), and it touched at least one instance; otherwise it says why not. The
 * controller adds the instances Auto Scaling launched with the failed revision while it rolled out.
 */
package io.fleetdeploy.rollout;
