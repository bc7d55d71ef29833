package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.appspec.AppSpec;
import io.fleetdeploy.appspec.AppSpecCheck;
import io.fleetdeploy.appspec.AppSpecReport;
import io.fleetdeploy.appspec.BundleType;
import io.fleetdeploy.appspec.TestBundles;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.fleet.RevisionLocation;
import io.fleetdeploy.hostplan.DeploymentContext;
import io.fleetdeploy.hostplan.HostPlanBuilder;
import io.fleetdeploy.hostplan.HostPlanCodec;
import io.fleetdeploy.hostplan.Revision;
import io.fleetdeploy.hostplan.S3Location;
import io.fleetdeploy.simulator.AwsSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The adapter tests' revision: test bundle {@code adapter-app} packed as tgz with a chosen {@code
 * app/VERSION}, uploaded to the simulator's S3, pinned through {@link AwsRevisionStore} and turned
 * into a host plan by {@link HostPlanBuilder} with a presigned download address, as the deployment
 * controller does.
 */
final class AdapterBundle {
  static final String BUCKET = "adapter-bundles";

  /** Marks a host broken: its ValidateService script fails after about 4 KB of output. */
  static final String BROKEN_MARKER = "etc/adapter-app/broken";

  static final String EVENTS_LOG = "var/log/adapter-app/events.log";

  private AdapterBundle() {}

  /** The versioned bucket bundles go to; once per simulator. */
  static void createBucket(AwsSimulator simulator) {
    simulator.createBucket(BUCKET);
    simulator.enableVersioning(BUCKET);
  }

  /** Packs and uploads version {@code version} to {@link #BUCKET}. */
  static RevisionLocation.S3 upload(AwsSimulator simulator, Path work, String version) {
    try {
      Path dir = TestBundles.copy("adapter-app", Files.createTempDirectory(work, "bundle-"));
      Files.writeString(dir.resolve("app/VERSION"), version + "\n");
      Path archive = TestBundles.pack(dir, BundleType.TGZ, dir.resolveSibling("adapter-app.tgz"));
      String key = "adapter-app/adapter-app-" + version + ".tgz";
      simulator.putObject(BUCKET, key, Files.readAllBytes(archive));
      return new RevisionLocation.S3(
          BUCKET, key, Optional.empty(), Optional.empty(), Optional.empty(), "tgz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The plan JSON for one deployment of a pinned bundle, with a presigned URL valid for an hour.
   */
  static String planJson(AwsRevisionStore revisions, PinnedBundle bundle, String deploymentId) {
    AppSpecReport report = AppSpecCheck.check(bundle.file());
    if (!report.isDeployable()) {
      throw new IllegalStateException("test bundle not deployable:\n" + report.summary());
    }
    AppSpec appSpec = report.appSpec().orElseThrow();
    RevisionLocation.S3 s3 = (RevisionLocation.S3) bundle.location();
    String url = revisions.hostDownloadUrl(bundle, Duration.ofHours(1)).toString();
    DeploymentContext context =
        new DeploymentContext(
            deploymentId,
            "adapter-app",
            "adapter-group",
            "dg-adapter",
            new Revision(
                url,
                BundleType.TGZ,
                bundle.sha256(),
                Optional.of(
                    new S3Location(s3.bucket(), s3.key(), bundle.versionId(), bundle.etag()))),
            Optional.empty(),
            false,
            false);
    return HostPlanCodec.toJson(HostPlanBuilder.build(appSpec, context));
  }
}
