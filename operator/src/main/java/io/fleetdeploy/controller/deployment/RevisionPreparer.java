package io.fleetdeploy.controller.deployment;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.PinnedRevision;
import io.fleetdeploy.api.v1alpha1.Revision;
import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecReport;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.LifecycleEvent;
import io.fleetdeploy.appspec.Problem;
import io.fleetdeploy.controller.PinnedRevisions;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.fleet.RevisionLocation;
import io.fleetdeploy.fleet.RevisionStore;
import io.fleetdeploy.hostplan.DeploymentContext;
import io.fleetdeploy.hostplan.ExecutionBudget;
import io.fleetdeploy.hostplan.HostPlanBuilder;
import io.fleetdeploy.hostplan.S3Location;
import io.fleetdeploy.hostplan.TrafficParts;
import io.fleetdeploy.logs.GroupLogging;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pins a Deployment's revision, checks its AppSpec and makes the host plan; after an operator
 * restart it does it again from the pinned version and digest in status, so the hosts of later
 * batches get exactly the bytes of the earlier ones. Callers keep what it prepares, and what it
 * rejects ({@link DeploymentMemory}): each preparation downloads the bundle.
 */
final class RevisionPreparer {

  /** Stands in for the download address, which is signed per batch. */
  private static final String PLACEHOLDER_URL = "https://bundle.invalid/signed-per-batch";

  /** How many revisions' stop timeouts are remembered. */
  private static final int REMEMBERED = 1000;

  private static final Duration BUNDLE_ROOM_WAIT = Duration.ofSeconds(5);

  private final RevisionStore revisions;
  private final java.util.concurrent.Semaphore bundleRoom =
      new java.util.concurrent.Semaphore(1, true);
  private final Duration bundleRoomWait;

  /**
   * Per revision (sha256) prepared here: what its stop scripts are, for when it is the one on the
   * hosts.
   */
  private final Map<String, StopScripts> stopScripts =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, StopScripts> eldest) {
              return size() > REMEMBERED;
            }
          });

  /**
   * What a revision's scripts do when a later deployment stops it: how long they take at most, and
   * whether it has BeforeBlockTraffic scripts (which run before its instances leave their load
   * balancers, in a send of their own).
   */
  private record StopScripts(Duration timeout, boolean beforeBlockTraffic) {}

  RevisionPreparer(RevisionStore revisions) {
    this(revisions, BUNDLE_ROOM_WAIT);
  }

  RevisionPreparer(RevisionStore revisions, Duration bundleRoomWait) {
    this.revisions = revisions;
    this.bundleRoomWait = bundleRoomWait;
  }

  /**
   * Pins the revision (to the version and digest in status when there are some) and prepares it.
   */
  PreparedRevision prepare(
      Deployment deployment,
      DeploymentGroup group,
      DeploymentSettings settings,
      Optional<PinnedRevision> pinnedBefore) {
    return withBundleRoom(() -> prepareNow(deployment, group, settings, pinnedBefore));
  }

  /**
   * One bundle on the operator's disk at a time (the chart sizes /tmp for one): a preparation that
   * cannot have the room within a few seconds is retried later (a transient error, as throttling
   * is).
   */
  private PreparedRevision withBundleRoom(
      java.util.function.Supplier<PreparedRevision> preparation) {
    boolean room;
    try {
      room =
          bundleRoom.tryAcquire(
              bundleRoomWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FleetException(
          FleetError.TRANSIENT, "interrupted while waiting to read the bundle", e);
    }
    if (!room) {
      throw new FleetException(
          FleetError.TRANSIENT,
          "another deployment's bundle is being read (the operator"
              + " reads one at a time, so that /tmp holds one bundle at most); trying again shortly");
    }
    try {
      return preparation.get();
    } finally {
      bundleRoom.release();
    }
  }

  private PreparedRevision prepareNow(
      Deployment deployment,
      DeploymentGroup group,
      DeploymentSettings settings,
      Optional<PinnedRevision> pinnedBefore) {
    Revision declared = deployment.getSpec().getRevision();
    PinnedBundle bundle;
    try {
      bundle = revisions.pin(location(declared, pinnedBefore));
    } catch (FleetException e) {
      if (e.error() == FleetError.REVISION_MISSING) {
        throw new RevisionRejected(ErrorCode.REVISION_MISSING, e.getMessage());
      }
      if (e.error() == FleetError.INVALID_REQUEST) {
        // A revision this operator will not fetch (an address it does not allow): retrying cannot
        // help.
        throw new RevisionRejected(ErrorCode.INVALID_REVISION, e.getMessage());
      }
      throw e;
    }
    try {
      BundleType type = bundleType(declared);
      AppSpecReport report =
          AppSpecCheck.check(
              bundle.file(), type, PinnedRevisions.summary(declared, bundle.sha256()));
      if (!report.isDeployable()) {
        throw new RevisionRejected(
            ErrorCode.INVALID_REVISION,
            "the bundle's AppSpec would be rejected; nothing was deployed:\n" + report.summary());
      }
      AppSpec appSpec = report.appSpec().orElseThrow();
      DeploymentContext context =
          new DeploymentContext(
              deploymentId(deployment),
              group.getSpec().getApplicationRef().getName(),
              group.getMetadata().getName(),
              group.getMetadata().getUid(),
              new io.fleetdeploy.hostplan.Revision(
                  PLACEHOLDER_URL, type, bundle.sha256(), s3(bundle)),
              settings.fileExistsBehavior(),
              settings.ignoreApplicationStopFailures(),
              BatchTraffic.controls(group.getSpec().getTrafficControl()));
      // Made once here so that a plan the host side would refuse fails the deployment now.
      try {
        HostPlanBuilder.build(appSpec, context);
      } catch (IllegalArgumentException e) {
        throw new RevisionRejected(
            ErrorCode.INVALID_REVISION, "no host could run this deployment: " + e.getMessage());
      }
      stopScripts.put(
          bundle.sha256(),
          new StopScripts(
              ExecutionBudget.previousRevisionEvents(appSpec),
              !appSpec.scriptsFor(LifecycleEvent.BeforeBlockTraffic).isEmpty()));
      return new PreparedRevision(
          bundle,
          PinnedRevisions.of(declared, bundle),
          appSpec,
          context,
          report.warnings().stream().map(Problem::toString).toList(),
          executionTimeout(appSpec, group, bundle, context),
          GroupLogging.of(group),
          context.trafficControl()
              ? TrafficParts.needed(appSpec, previousMayBlockWithScripts(deployment, group))
              : List.of(TrafficParts.BETWEEN));
    } finally {
      try {
        Files.deleteIfExists(bundle.file());
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }

  /**
   * Whether the revision on the hosts may have BeforeBlockTraffic scripts, by the same knowledge as
   * the execution timeout: none when the group never succeeded, the group's last successful
   * revision's when this operator prepared it. A rollback's hosts may run the failed revision, and
   * an unknown revision may have some: then true, and the hosts are sent BeforeBlockTraffic on its
   * own (a send that finds nothing to run costs a send, never the order).
   */
  private boolean previousMayBlockWithScripts(Deployment deployment, DeploymentGroup group) {
    Optional<String> previous =
        Optional.ofNullable(group.getStatus())
            .map(io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus::getLastSuccessfulRevision)
            .map(PinnedRevision::getSha256);
    if (previous.isEmpty()) {
      return false;
    }
    boolean rollback =
        deployment.getStatus() != null
            && deployment.getStatus().getCreator()
                == io.fleetdeploy.api.v1alpha1.DeploymentCreator.ROLLBACK;
    StopScripts known = stopScripts.get(previous.get());
    return rollback || known == null || known.beforeBlockTraffic();
  }

  /**
   * The id hooks see as DEPLOYMENT_ID and hosts key their records by: unique per Deployment object.
   */
  static String deploymentId(Deployment deployment) {
    return "d-" + deployment.getMetadata().getUid();
  }

  private static RevisionLocation location(
      Revision declared, Optional<PinnedRevision> pinnedBefore) {
    Optional<String> expectedSha = pinnedBefore.map(PinnedRevision::getSha256);
    if (declared.getS3() != null) {
      var s3 = declared.getS3();
      Optional<String> version =
          Optional.ofNullable(s3.getVersion())
              .or(() -> pinnedBefore.map(PinnedRevision::getResolvedVersion));
      return new RevisionLocation.S3(
          s3.getBucket(),
          s3.getKey(),
          version,
          Optional.ofNullable(s3.getEtag()),
          expectedSha.or(() -> Optional.ofNullable(s3.getSha256())),
          s3.getBundleType().name());
    }
    var url = declared.getUrl();
    return new RevisionLocation.Url(
        URI.create(url.getUrl()),
        expectedSha.or(() -> Optional.ofNullable(url.getSha256())),
        url.getBundleType().name());
  }

  private static BundleType bundleType(Revision declared) {
    String name =
        declared.getS3() != null
            ? declared.getS3().getBundleType().name()
            : declared.getUrl().getBundleType().name();
    return BundleType.fromWireName(name).orElseThrow();
  }

  private static Optional<S3Location> s3(PinnedBundle bundle) {
    if (bundle.location() instanceof RevisionLocation.S3 s3) {
      return Optional.of(new S3Location(s3.bucket(), s3.key(), bundle.versionId(), bundle.etag()));
    }
    return Optional.empty();
  }

  /**
   * SSM's execution timeout for this deployment's hosts. Their stop events run the scripts of the
   * group's last successful revision, with that revision's timeouts: known when this operator
   * prepared it, nothing when the group never succeeded, else an upper bound (ExecutionBudget).
   */
  private Duration executionTimeout(
      AppSpec appSpec, DeploymentGroup group, PinnedBundle bundle, DeploymentContext context) {
    Optional<String> previous =
        Optional.ofNullable(group.getStatus())
            .map(io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus::getLastSuccessfulRevision)
            .map(PinnedRevision::getSha256);
    Optional<Duration> stop =
        previous.isEmpty()
            ? Optional.of(Duration.ZERO)
            : Optional.ofNullable(stopScripts.get(previous.get())).map(StopScripts::timeout);
    return ExecutionBudget.of(
        appSpec, LifecycleEvent.inOrder(context.trafficControl()), stop, bundle.sizeBytes());
  }
}
