package io.fleetdeploy.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fleetdeploy.api.v1alpha1.Deployment;
import io.fleetdeploy.api.v1alpha1.DeploymentGroup;
import io.fleetdeploy.api.v1alpha1.ErrorCode;
import io.fleetdeploy.api.v1alpha1.PredefinedDeploymentConfig;
import io.fleetdeploy.appspec.CraftedArchives;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.fleet.RevisionLocation;
import io.fleetdeploy.fleet.RevisionStore;
import io.fleetdeploy.testing.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preparing a revision: a bundle that cannot be deployed is rejected once and never fetched again. */
class RevisionPreparerTest {
  @TempDir Path temp;

  /** A store holding one bundle, counting how often it is fetched. */
  static final class CountingStore implements RevisionStore {
    final AtomicInteger pins = new AtomicInteger();
    private final Path dir;
    private final byte[] bytes;

    CountingStore(Path dir, byte[] bytes) {
      this.dir = dir;
      this.bytes = bytes;
    }

    @Override
    public PinnedBundle pin(RevisionLocation location) {
      try {
        Path file = Files.write(dir.resolve("pin-" + pins.incrementAndGet()), bytes);
        return new PinnedBundle(location, "0".repeat(64), bytes.length, Optional.empty(), Optional.empty(), file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public URI hostDownloadUrl(PinnedBundle bundle, Duration validity) {
      return URI.create("https://bundles.example/b");
    }
  }

  @Test
  void aMalformedBundleIsRejectedAsInvalidOnceAndNeverFetchedAgain() {
    CountingStore store = new CountingStore(temp, CraftedArchives.zipWithLatin1Name());
    RevisionPreparer preparer = new RevisionPreparer(store);
    DeploymentGroup group = Resources.group("ns", "web", "app", "web", Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getMetadata().setUid("group-uid");
    Deployment deployment = Resources.deployment("ns", "web-1", "web", "bucket", "web.zip");
    deployment.getSpec().getRevision().getS3().setBundleType(io.fleetdeploy.api.v1alpha1.BundleType.zip);
    deployment.getMetadata().setUid("deployment-uid");
    DeploymentSettings settings = DeploymentSettings.resolve(deployment, group);

    RevisionRejected first = catchThrowableOfType(() -> preparer.prepare(deployment, group, settings, Optional.empty()),
        RevisionRejected.class);
    RevisionRejected second = catchThrowableOfType(() -> preparer.prepare(deployment, group, settings, Optional.empty()),
        RevisionRejected.class);

    assertThat(first.code()).isEqualTo(ErrorCode.INVALID_REVISION);
    assertThat(first.getMessage()).contains("cannot read it as a zip bundle: caf\\xe9.txt: the name is not valid UTF-8");
    assertThat(second).isSameAs(first);
    assertThat(store.pins).hasValue(1);
    try (var left = Files.list(temp)) {
      assertThat(left).as("the fetched copy is deleted").isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
