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

/**
 * Preparing a revision: a bundle that cannot be deployed is rejected once and never fetched again.
 */
class RevisionPreparerTest {
  @TempDir Path temp;

  /** A store holding one bundle at a time, counting how often it is fetched. */
  static class CountingStore implements RevisionStore {
    final AtomicInteger pins = new AtomicInteger();
    private final Path dir;
    private byte[] bytes;

    CountingStore(Path dir, byte[] bytes) {
      this.dir = dir;
      this.bytes = bytes;
    }

    void holds(byte[] next) {
      bytes = next;
    }

    @Override
    public PinnedBundle pin(RevisionLocation location) {
      try {
        Path file = Files.write(dir.resolve("pin-" + pins.incrementAndGet()), bytes);
        String sha256 =
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        return new PinnedBundle(
            location, sha256, bytes.length, Optional.empty(), Optional.empty(), file);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public URI hostDownloadUrl(PinnedBundle bundle, Duration validity) {
      return URI.create("https://bundles.example/b");
    }
  }

  private static byte[] bundle(String appSpec) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (io.fleetdeploy.appspec.TarArchiveWriter tar =
        new io.fleetdeploy.appspec.TarArchiveWriter(out)) {
      tar.addFile("appspec.yml", 0644, appSpec.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      tar.addFile("stop.sh", 0755, "#!/bin/sh\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      tar.addFile(
          "check.sh", 0755, "#!/bin/sh\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Deployment deployment(String name, String uid) {
    Deployment deployment = Resources.deployment("ns", name, "web", "bucket", name + ".tar");
    deployment
        .getSpec()
        .getRevision()
        .getS3()
        .setBundleType(io.fleetdeploy.api.v1alpha1.BundleType.tar);
    deployment.getMetadata().setUid(uid);
    return deployment;
  }

  @Test
  void theExecutionTimeoutCoversTheStopScriptsOfTheRevisionOnTheHosts() {
    byte[] first =
        bundle(
            """
        version: 0.0
        os: linux
        hooks:
          ApplicationStop:
            - location: stop.sh
              timeout: 1800
        """);
    CountingStore store = new CountingStore(temp, first);
    RevisionPreparer preparer = new RevisionPreparer(store);
    DeploymentGroup group =
        Resources.group(
            "ns", "web", "app", "web", Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getMetadata().setUid("group-uid");
    Deployment d1 = deployment("web-1", "uid-1");
    PreparedRevision one =
        preparer.prepare(d1, group, DeploymentSettings.resolve(d1, group), Optional.empty());
    // The first revision succeeded: its ApplicationStop runs first on every host of the next
    // deployment.
    group.setStatus(new io.fleetdeploy.api.v1alpha1.DeploymentGroupStatus());
    group.getStatus().setLastSuccessfulRevision(one.pinned());
    store.holds(
        bundle(
            """
        version: 0.0
        os: linux
        hooks:
          ValidateService:
            - location: check.sh
              timeout: 60
        """));
    Deployment d2 = deployment("web-2", "uid-2");

    PreparedRevision two =
        preparer.prepare(d2, group, DeploymentSettings.resolve(d2, group), Optional.empty());

    assertThat(one.executionTimeout())
        .as("a first deployment has nothing to stop")
        .isEqualTo(java.time.Duration.ofSeconds(300 + 1200 + 600 + first.length / (1 << 20)));
    assertThat(two.executionTimeout())
        .isGreaterThanOrEqualTo(java.time.Duration.ofSeconds(60 + 1800 + 300 + 1200 + 600));
  }

  @Test
  void oneBundleIsOnTheOperatorsDiskAtATimeAndASecondPreparationIsRetriedLater() throws Exception {
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
    CountingStore store =
        new CountingStore(temp, bundle("version: 0.0\nos: linux\n")) {
          @Override
          public PinnedBundle pin(RevisionLocation location) {
            PinnedBundle pinned = super.pin(location);
            if (pins.get() == 1) {
              reading.countDown();
              try {
                finish.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return pinned;
          }
        };
    RevisionPreparer preparer = new RevisionPreparer(store, java.time.Duration.ofMillis(200));
    DeploymentGroup group =
        Resources.group(
            "ns", "web", "app", "web", Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getMetadata().setUid("group-uid");
    Deployment first = deployment("web-1", "uid-1");
    Deployment second = deployment("web-2", "uid-2");
    var firstDone =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                preparer.prepare(
                    first, group, DeploymentSettings.resolve(first, group), Optional.empty()));
    reading.await();

    Throwable busy =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                preparer.prepare(
                    second, group, DeploymentSettings.resolve(second, group), Optional.empty()));
    finish.countDown();
    firstDone.get();

    assertThat(busy)
        .isInstanceOfSatisfying(
            io.fleetdeploy.fleet.FleetException.class,
            e -> {
              assertThat(e.error()).isEqualTo(io.fleetdeploy.fleet.FleetError.TRANSIENT);
              assertThat(e.getMessage()).contains("/tmp holds one bundle at most");
            });
    assertThat(store.pins).as("the second bundle was not fetched meanwhile").hasValue(1);
    assertThat(
            preparer.prepare(
                second, group, DeploymentSettings.resolve(second, group), Optional.empty()))
        .isNotNull();
  }

  @Test
  void aRevisionTheOperatorWillNotFetchFailsAsInvalidInsteadOfBeingRetried() {
    AtomicInteger pins = new AtomicInteger();
    RevisionStore refusing =
        new RevisionStore() {
          @Override
          public PinnedBundle pin(RevisionLocation location) {
            pins.incrementAndGet();
            throw new io.fleetdeploy.fleet.FleetException(
                io.fleetdeploy.fleet.FleetError.INVALID_REQUEST,
                "revision https://x/: url revisions are not allowed by this operator");
          }

          @Override
          public URI hostDownloadUrl(PinnedBundle bundle, Duration validity) {
            throw new UnsupportedOperationException();
          }
        };
    RevisionPreparer preparer = new RevisionPreparer(refusing);
    DeploymentGroup group =
        Resources.group(
            "ns", "web", "app", "web", Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getMetadata().setUid("group-uid");
    Deployment d = deployment("web-url", "uid-url");

    DeploymentMemory.Entry memory = new DeploymentMemory(null, Duration.ofSeconds(1)).of("uid-url");
    RevisionRejected first =
        catchThrowableOfType(
            () ->
                memory.prepared(
                    () ->
                        preparer.prepare(
                            d, group, DeploymentSettings.resolve(d, group), Optional.empty())),
            RevisionRejected.class);
    RevisionRejected second =
        catchThrowableOfType(
            () ->
                memory.prepared(
                    () ->
                        preparer.prepare(
                            d, group, DeploymentSettings.resolve(d, group), Optional.empty())),
            RevisionRejected.class);

    assertThat(second).as("the cached rejection").hasMessage(first.getMessage());
    assertThat(first.code()).isEqualTo(ErrorCode.INVALID_REVISION);
    assertThat(first.getMessage()).contains("url revisions are not allowed by this operator");
    assertThat(pins).hasValue(1);
  }

  @Test
  void aMalformedBundleIsRejectedAsInvalidOnceAndNeverFetchedAgain() {
    CountingStore store = new CountingStore(temp, CraftedArchives.zipWithLatin1Name());
    RevisionPreparer preparer = new RevisionPreparer(store);
    DeploymentGroup group =
        Resources.group(
            "ns", "web", "app", "web", Resources.predefined(PredefinedDeploymentConfig.AllAtOnce));
    group.getMetadata().setUid("group-uid");
    Deployment deployment = Resources.deployment("ns", "web-1", "web", "bucket", "web.zip");
    deployment
        .getSpec()
        .getRevision()
        .getS3()
        .setBundleType(io.fleetdeploy.api.v1alpha1.BundleType.zip);
    deployment.getMetadata().setUid("deployment-uid");
    DeploymentSettings settings = DeploymentSettings.resolve(deployment, group);

    DeploymentMemory.Entry memory =
        new DeploymentMemory(null, Duration.ofSeconds(1)).of("deployment-uid");
    RevisionRejected first =
        catchThrowableOfType(
            () ->
                memory.prepared(
                    () -> preparer.prepare(deployment, group, settings, Optional.empty())),
            RevisionRejected.class);
    RevisionRejected second =
        catchThrowableOfType(
            () ->
                memory.prepared(
                    () -> preparer.prepare(deployment, group, settings, Optional.empty())),
            RevisionRejected.class);

    assertThat(first.code()).isEqualTo(ErrorCode.INVALID_REVISION);
    assertThat(first.getMessage())
        .contains("cannot read it as a zip bundle: caf\\xe9.txt: the name is not valid UTF-8");
    assertThat(second).isSameAs(first);
    assertThat(store.pins).hasValue(1);
    try (var left = Files.list(temp)) {
      assertThat(left).as("the fetched copy is deleted").isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
