package io.fleetdeploy.fleet.aws;

import io.fleetdeploy.fleet.FleetError;
import io.fleetdeploy.fleet.FleetException;
import io.fleetdeploy.fleet.PinnedBundle;
import io.fleetdeploy.fleet.RevisionLocation;
import io.fleetdeploy.fleet.RevisionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Pins revisions: reads the S3 object (at the version asked for, else the current one) or the
 * HTTP(S) address once, computes its SHA-256, and checks it against what the user declared. Hosts
 * then fetch exactly that version through a presigned URL and verify the same digest.
 */
public final class AwsRevisionStore implements RevisionStore {
  private final AwsClients aws;
  private final RevisionSettings settings;

  /**
   * Redirects are followed by hand: only to the same scheme, host and port, and under an allowed
   * prefix.
   */
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private static final int MAX_REDIRECTS = 5;

  public AwsRevisionStore(AwsClients aws) {
    this(aws, RevisionSettings.defaults());
  }

  public AwsRevisionStore(AwsClients aws, RevisionSettings settings) {
    this.aws = aws;
    this.settings = settings;
  }

  @Override
  public PinnedBundle pin(RevisionLocation location) {
    if (location instanceof RevisionLocation.S3 s3) {
      return pinS3(s3);
    }
    return pinUrl((RevisionLocation.Url) location);
  }

  private PinnedBundle pinS3(RevisionLocation.S3 s3) {
    String where =
        "s3://"
            + s3.bucket()
            + "/"
            + s3.key()
            + s3.version().map(v -> "?versionId=" + v).orElse("");
    HeadObjectResponse head;
    try {
      head =
          aws.s3()
              .headObject(
                  b -> b.bucket(s3.bucket()).key(s3.key()).versionId(s3.version().orElse(null)));
    } catch (SdkException e) {
      throw s3Failure("S3 HeadObject", where, s3, e);
    }
    String etag = unquote(head.eTag());
    if (s3.expectedEtag().isPresent() && !unquote(s3.expectedEtag().get()).equals(etag)) {
      throw missing(where, "its ETag is not the declared " + s3.expectedEtag().get());
    }
    checkSize(where, head.contentLength());
    Optional<String> version =
        Optional.ofNullable(head.versionId()).filter(v -> !v.isBlank() && !"null".equals(v));
    Path file = tempFile();
    String sha256;
    // If-Match: an unversioned object replaced between the two calls must not be pinned half-way.
    try (ResponseInputStream<GetObjectResponse> in =
        aws.s3()
            .getObject(
                b ->
                    b.bucket(s3.bucket())
                        .key(s3.key())
                        .versionId(version.orElse(null))
                        .ifMatch(head.eTag()))) {
      sha256 = copyHashing(in, file, where);
    } catch (SdkException e) {
      deleteQuietly(file);
      throw s3Failure("S3 GetObject", where, s3, e);
    } catch (IOException e) {
      deleteQuietly(file);
      throw new FleetException(FleetError.TRANSIENT, "reading " + where + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
    return verified(s3, where, sha256, file, version, Optional.of(etag));
  }

  /**
   * S3 answers HEAD without a body, so the status says what went wrong: 404 the key or version does
   * not exist, 400 the version id is not one S3 could have made, 412 the object changed while it
   * was read, 403 access denied, which is also what a missing key looks like to a role without
   * {@code s3:ListBucket}.
   */
  private static FleetException s3Failure(
      String call, String where, RevisionLocation.S3 s3, SdkException e) {
    if (e instanceof NoSuchKeyException || e instanceof NoSuchBucketException) {
      return missing(
          where,
          e instanceof NoSuchBucketException ? "the bucket does not exist" : "it does not exist");
    }
    if (e instanceof S3Exception s3e) {
      int status = s3e.statusCode();
      if (status == 404) {
        return missing(where, "it does not exist");
      }
      if (status == 400 && s3.version().isPresent()) {
        return missing(where, "S3 refused the version id " + s3.version().get() + " as invalid");
      }
      if (status == 412) {
        return new FleetException(
            FleetError.TRANSIENT,
            call
                + " "
                + where
                + ": the object was replaced while it was being read; it is pinned again on the next attempt",
            e);
      }
      if (status == 403) {
        return new FleetException(
            FleetError.ACCESS_DENIED,
            call
                + " "
                + where
                + ": access denied. The operator's"
                + " role needs s3:GetObject and s3:GetObjectVersion on the object (docs/iam-policy.json); without"
                + " s3:ListBucket S3 also answers 403 for a key that does not exist, so check the key too",
            e);
      }
    }
    return AwsErrors.classify(call + " " + where, e);
  }

  private PinnedBundle pinUrl(RevisionLocation.Url url) {
    String where = url.url().toString();
    String scheme =
        url.url().getScheme() == null
            ? ""
            : url.url().getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw missing(
          where,
          "only https:// and http:// addresses can be downloaded by the operator and the hosts");
    }
    refuseUnlessAllowed(url.url());
    Path file = tempFile();
    try {
      HttpResponse<InputStream> response = sendFollowingSameHostRedirects(url.url().normalize());
      try (InputStream in = response.body()) {
        if (response.statusCode() == 404 || response.statusCode() == 410) {
          throw missing(where, "the server answered " + response.statusCode());
        }
        if (response.statusCode() != 200) {
          throw new FleetException(
              response.statusCode() >= 500 ? FleetError.TRANSIENT : FleetError.REVISION_MISSING,
              "downloading " + where + ": the server answered " + response.statusCode());
        }
        response.headers().firstValueAsLong("Content-Length").ifPresent(n -> checkSize(where, n));
        String sha256 = copyHashing(in, file, where);
        return verified(url, where, sha256, file, Optional.empty(), Optional.empty());
      }
    } catch (IOException e) {
      deleteQuietly(file);
      throw new FleetException(
          FleetError.TRANSIENT, "downloading " + where + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(file);
      throw new FleetException(FleetError.TRANSIENT, "downloading " + where + ": interrupted", e);
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  /**
   * URL revisions are opt-in per operator: an address outside the allowed prefixes is refused
   * before any request (the operator's network position must not be lent to whoever creates a
   * Deployment).
   */
  private void refuseUnlessAllowed(URI url) {
    if (settings.allowedUrlPrefixes().isEmpty()) {
      throw new FleetException(
          FleetError.INVALID_REQUEST,
          "revision "
              + url
              + ": url revisions are not allowed by"
              + " this operator (it was started without --allowed-url-prefixes, Helm value revisions.allowedUrlPrefixes);"
              + " use an s3 revision, or ask the operator's administrators to allow this address");
    }
    if (!settings.allows(url)) {
      throw new FleetException(
          FleetError.INVALID_REQUEST,
          "revision "
              + url
              + ": the address is not under any of"
              + " the operator's allowed URL prefixes ("
              + settings.allowedUrlPrefixes().stream()
                  .map(URI::toString)
                  .collect(java.util.stream.Collectors.joining(", "))
              + ")");
    }
  }

  private HttpResponse<InputStream> sendFollowingSameHostRedirects(URI first)
      throws IOException, InterruptedException {
    URI current = first;
    for (int redirects = 0; ; redirects++) {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(current).timeout(Duration.ofMinutes(10)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      if (status < 300 || status >= 400 || status == 304) {
        return response;
      }
      response.body().close();
      Optional<String> location = response.headers().firstValue("Location");
      if (location.isEmpty()) {
        return response;
      }
      URI next = current.resolve(location.get());
      if (!RevisionSettings.sameOrigin(current, next) || !settings.allows(next)) {
        throw new FleetException(
            FleetError.INVALID_REQUEST,
            "revision "
                + first
                + ": the server redirects to another"
                + " host or outside the allowed URL prefixes, which the operator does not follow");
      }
      if (redirects >= MAX_REDIRECTS) {
        throw new FleetException(
            FleetError.INVALID_REQUEST,
            "revision " + first + ": more than " + MAX_REDIRECTS + " redirects");
      }
      current = next;
    }
  }

  /**
   * Never says what the digest of other bytes was: that would turn a mismatch into a way to learn
   * them.
   */
  private static PinnedBundle verified(
      RevisionLocation location,
      String where,
      String sha256,
      Path file,
      Optional<String> version,
      Optional<String> etag) {
    if (location.expectedSha256().isPresent()
        && !location.expectedSha256().get().equalsIgnoreCase(sha256)) {
      deleteQuietly(file);
      throw missing(
          where,
          "its content does not have the declared SHA-256 " + location.expectedSha256().get());
    }
    try {
      return new PinnedBundle(location, sha256, Files.size(file), version, etag, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public URI hostDownloadUrl(PinnedBundle bundle, Duration validity) {
    if (bundle.location() instanceof RevisionLocation.Url url) {
      return url.url();
    }
    RevisionLocation.S3 s3 = (RevisionLocation.S3) bundle.location();
    return AwsErrors.call(
        "S3 presign " + s3.bucket() + "/" + s3.key(),
        () -> {
          try {
            return aws.presigner()
                .presignGetObject(
                    p ->
                        p.signatureDuration(validity)
                            .getObjectRequest(
                                g ->
                                    g.bucket(s3.bucket())
                                        .key(s3.key())
                                        .versionId(bundle.versionId().orElse(null))))
                .url()
                .toURI();
          } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private String copyHashing(InputStream in, Path file, String where) throws IOException {
    MessageDigest digest = sha256();
    long written = 0;
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        written += n;
        checkSize(where, written);
        out.write(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private void checkSize(String where, long bytes) {
    if (bytes > settings.maxBundleBytes()) {
      throw new FleetException(
          FleetError.REVISION_MISSING,
          where
              + " is larger than "
              + settings.maxBundleBytes() / (1024 * 1024)
              + " MiB; this operator refuses bundles that big"
              + " (--max-bundle-mib, Helm value bundles.maxSizeMiB)");
    }
  }

  private static FleetException missing(String where, String why) {
    return new FleetException(FleetError.REVISION_MISSING, "revision " + where + ": " + why);
  }

  private static String unquote(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path tempFile() {
    try {
      return Files.createTempFile("fleetdeploy-bundle-", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temp file left behind is harmless
    }
  }
}
