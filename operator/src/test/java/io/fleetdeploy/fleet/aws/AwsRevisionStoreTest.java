package io.fleetdeploy.fleet.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.fleet.RevisionLocation;
import io.fleetdeploy.simulator.AwsSimulator;
import io.fleetdeploy.simulator.PutObjectResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pinning revisions from the simulator's S3 (versioned and not) and from a plain HTTP server on
 * loopback, and the presigned address hosts download from.
 */
class AwsRevisionStoreTest {
  @RegisterExtension static final SimulatedAws AWS = new SimulatedAws();
  private static final String VERSIONED = "bundles-versioned";
  private static final String PLAIN = "bundles-plain";
  private static final byte[] V1 = "bundle bytes, version 1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] V2 =
      "bundle bytes, version 2 (longer)".getBytes(StandardCharsets.UTF_8);

  private static HttpServer web;
  private AwsSimulator sim;
  private AwsRevisionStore store;

  @BeforeAll
  static void buckets() throws IOException {
    AWS.simulator().createBucket(VERSIONED);
    AWS.simulator().enableVersioning(VERSIONED);
    AWS.simulator().createBucket(PLAIN);
    web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    web.createContext(
        "/bundle.tgz",
        exchange -> {
          exchange.sendResponseHeaders(200, V1.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(V1);
          }
        });
    web.createContext(
        "/broken.tgz",
        exchange -> {
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    web.start();
  }

  @AfterAll
  static void stopWeb() {
    web.stop(0);
  }

  @BeforeEach
  void setUp() {
    sim = AWS.simulator();
    store = new AwsRevisionStore(AWS.aws());
  }

  @Test
  void aVersionedObjectIsPinnedToItsCurrentVersionUnlessOneIsAsked() throws IOException {
    PutObjectResult first = sim.putObject(VERSIONED, "app/latest.tgz", V1);
    PutObjectResult second = sim.putObject(VERSIONED, "app/latest.tgz", V2);

    PinnedBundle current = store.pin(s3(VERSIONED, "app/latest.tgz", Optional.empty()));
    PinnedBundle older = store.pin(s3(VERSIONED, "app/latest.tgz", Optional.of(first.versionId())));

    assertThat(current.versionId()).contains(second.versionId());
    assertThat(current.sha256()).isEqualTo(sha256(V2));
    assertThat(current.etag()).contains(second.etag().replace("\"", ""));
    assertThat(current.sizeBytes()).isEqualTo(V2.length);
    assertThat(Files.readAllBytes(current.file())).isEqualTo(V2);
    assertThat(older.versionId()).contains(first.versionId());
    assertThat(older.sha256()).isEqualTo(sha256(V1));
    assertThat(Files.readAllBytes(older.file())).isEqualTo(V1);
    Files.delete(current.file());
    Files.delete(older.file());
  }

  @Test
  void anUnversionedObjectIsPinnedByDigestAndEtag() throws IOException {
    PutObjectResult put = sim.putObject(PLAIN, "app/plain.tgz", V1);

    PinnedBundle pinned =
        store.pin(
            new RevisionLocation.S3(
                PLAIN,
                "app/plain.tgz",
                Optional.empty(),
                Optional.of(put.etag()),
                Optional.of(sha256(V1).toUpperCase(Locale.ROOT)),
                "tgz"));

    assertThat(pinned.versionId()).isEmpty();
    assertThat(pinned.etag()).contains(put.etag().replace("\"", ""));
    assertThat(pinned.sha256()).isEqualTo(sha256(V1));
    assertThat(Files.readAllBytes(pinned.file())).isEqualTo(V1);
    Files.delete(pinned.file());
  }

  @Test
  void aWrongDigestOrEtagOrAMissingObjectIsRevisionMissingSayingWhy() {
    sim.putObject(PLAIN, "app/checked.tgz", V1);
    String wrongSha = sha256(V2);

    assertMissing(
        () ->
            store.pin(
                new RevisionLocation.S3(
                    PLAIN,
                    "app/checked.tgz",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(wrongSha),
                    "tgz")),
        "does not have the declared SHA-256 " + wrongSha);
    // What the content's digest is, is never said: a mismatch must not be a way to learn other
    // bytes.
    assertThatThrownBy(
            () ->
                store.pin(
                    new RevisionLocation.S3(
                        PLAIN,
                        "app/checked.tgz",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(wrongSha),
                        "tgz")))
        .message()
        .doesNotContain(sha256(V1));
    assertMissing(
        () ->
            store.pin(
                new RevisionLocation.S3(
                    PLAIN,
                    "app/checked.tgz",
                    Optional.empty(),
                    Optional.of("0123456789abcdef0123456789abcdef"),
                    Optional.empty(),
                    "tgz")),
        "ETag",
        "0123456789abcdef0123456789abcdef");
    assertMissing(
        () -> store.pin(s3(PLAIN, "app/absent.tgz", Optional.empty())),
        "s3://" + PLAIN + "/app/absent.tgz",
        "does not exist");
    assertMissing(
        () -> store.pin(s3("no-such-bucket", "app/checked.tgz", Optional.empty())),
        "s3://no-such-bucket/app/checked.tgz",
        "does not exist");
    sim.putObject(VERSIONED, "app/versions.tgz", V1);
    assertMissing(
        () -> store.pin(s3(VERSIONED, "app/versions.tgz", Optional.of("AbsentVersion123"))),
        "versionId=AbsentVersion123",
        "does not exist");
    assertMissing(
        () -> store.pin(s3(VERSIONED, "app/versions.tgz", Optional.of("not a version!"))),
        "not a version!",
        "invalid");
  }

  @Test
  void aUrlRevisionIsDownloadedOnceAndPinnedByDigest() throws IOException {
    URI url = URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/bundle.tgz");
    AwsRevisionStore store =
        new AwsRevisionStore(
            AWS.aws(),
            new RevisionSettings(
                RevisionSettings.defaults().maxBundleBytes(),
                java.util.List.of(
                    URI.create("http://127.0.0.1:" + web.getAddress().getPort() + "/"))));

    PinnedBundle pinned = store.pin(new RevisionLocation.Url(url, Optional.of(sha256(V1)), "tgz"));

    assertThat(pinned.sha256()).isEqualTo(sha256(V1));
    assertThat(pinned.versionId()).isEmpty();
    assertThat(Files.readAllBytes(pinned.file())).isEqualTo(V1);
    assertThat(store.hostDownloadUrl(pinned, Duration.ofMinutes(5))).isEqualTo(url);
    Files.delete(pinned.file());

    assertMissing(
        () -> store.pin(new RevisionLocation.Url(url, Optional.of(sha256(V2)), "tgz")), "SHA-256");
    assertThatThrownBy(
            () -> store.pin(new RevisionLocation.Url(url, Optional.of(sha256(V2)), "tgz")))
        .message()
        .doesNotContain(sha256(V1));
    assertMissing(
        () ->
            store.pin(
                new RevisionLocation.Url(url.resolve("/absent.tgz"), Optional.empty(), "tgz")),
        "404");
    assertMissing(
        () ->
            store.pin(
                new RevisionLocation.Url(
                    URI.create("file:///etc/passwd"), Optional.empty(), "tgz")),
        "https://");
    assertThatThrownBy(
            () ->
                store.pin(
                    new RevisionLocation.Url(url.resolve("/broken.tgz"), Optional.empty(), "tgz")))
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.error()).isEqualTo(FleetError.TRANSIENT))
        .hasMessageContaining("500");
  }

  @Test
  void aBundleLargerThanTheOperatorsLimitIsRefusedBeforeItIsRead() {
    sim.putObject(PLAIN, "app/large.tgz", V2);
    AwsRevisionStore small = new AwsRevisionStore(AWS.aws(), new RevisionSettings(V1.length));
    long getsBefore = sim.calls().count("s3", "GetObject");

    assertMissing(
        () -> small.pin(s3(PLAIN, "app/large.tgz", Optional.empty())),
        "larger than",
        "--max-bundle-mib, Helm value bundles.maxSizeMiB");
    assertThat(sim.calls().count("s3", "GetObject")).isEqualTo(getsBefore);
  }

  @Test
  void thePresignedUrlServesThePinnedVersionToAPlainHttpClientUntilItExpires() throws IOException {
    sim.putObject(VERSIONED, "app/presigned.tgz", V1);
    PinnedBundle pinned = store.pin(s3(VERSIONED, "app/presigned.tgz", Optional.empty()));
    Files.delete(pinned.file());
    sim.putObject(VERSIONED, "app/presigned.tgz", V2);

    URI url = store.hostDownloadUrl(pinned, Duration.ofMinutes(10));

    assertThat(url.getQuery()).contains("versionId=" + pinned.versionId().orElseThrow());
    HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
    assertThat(connection.getResponseCode()).isEqualTo(200);
    try (InputStream in = connection.getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(V1);
    }

    sim.advanceClock(Duration.ofMinutes(11));
    HttpURLConnection late = (HttpURLConnection) url.toURL().openConnection();
    assertThat(late.getResponseCode()).isEqualTo(403);
  }

  private static void assertMissing(ThrowingCallable call, String... saying) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            FleetException.class, e -> assertThat(e.error()).isEqualTo(FleetError.REVISION_MISSING))
        .message()
        .contains(saying);
  }

  private static RevisionLocation.S3 s3(String bucket, String key, Optional<String> version) {
    return new RevisionLocation.S3(bucket, key, version, Optional.empty(), Optional.empty(), "tgz");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
