package io.fleetdeploy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 through the real SDK client (path style, aws-chunked uploads with checksums) and presigned
 * URLs.
 */
class S3ApiTest {
  private static AwsSimulator sim;
  private static S3Client s3;
  private static S3Presigner presigner;

  @BeforeAll
  static void start() {
    sim = AwsSimulator.builder().build().start();
    s3 = SdkClients.of(sim).s3();
    presigner = SdkClients.of(sim).presigner();
    s3.createBucket(
        b -> b.bucket("bundles").createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
  }

  @AfterAll
  static void stop() {
    presigner.close();
    s3.close();
    sim.close();
  }

  @Test
  void putGetAndHeadRoundTripWithEtagAndMetadata() throws Exception {
    byte[] bundle = new byte[300_000];
    new Random(7).nextBytes(bundle);
    PutObjectResponse put =
        s3.putObject(
            b ->
                b.bucket("bundles")
                    .key("web/web-1.4.2.tgz")
                    .contentType("application/gzip")
                    .metadata(java.util.Map.of("revision", "1.4.2")),
            RequestBody.fromBytes(bundle));
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bundle));
    assertThat(put.eTag()).isEqualTo("\"" + md5 + "\"");
    assertThat(put.versionId()).isNull();

    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(b -> b.bucket("bundles").key("web/web-1.4.2.tgz"));
    assertThat(got.asByteArray()).isEqualTo(bundle);
    assertThat(got.response().eTag()).isEqualTo(put.eTag());
    assertThat(got.response().contentType()).isEqualTo("application/gzip");
    assertThat(got.response().metadata()).containsEntry("revision", "1.4.2");

    HeadObjectResponse head = s3.headObject(b -> b.bucket("bundles").key("web/web-1.4.2.tgz"));
    assertThat(head.contentLength()).isEqualTo(bundle.length);
    assertThat(head.eTag()).isEqualTo(put.eTag());

    ResponseBytes<GetObjectResponse> range =
        s3.getObjectAsBytes(b -> b.bucket("bundles").key("web/web-1.4.2.tgz").range("bytes=10-19"));
    assertThat(range.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(bundle, 10, 20));
    assertThat(range.response().contentRange()).isEqualTo("bytes 10-19/300000");
  }

  @Test
  void sdkChecksumsAreVerifiedAndReturned() {
    byte[] data = "checksummed content".getBytes(StandardCharsets.UTF_8);
    PutObjectResponse put =
        s3.putObject(
            b -> b.bucket("bundles").key("sum.txt").checksumAlgorithm(ChecksumAlgorithm.SHA256),
            RequestBody.fromBytes(data));
    assertThat(put.checksumSHA256()).isNotBlank();
    GetObjectResponse got =
        s3.getObject(
            b -> b.bucket("bundles").key("sum.txt").checksumMode("ENABLED"),
            (response, in) -> {
              assertThat(in.readAllBytes()).isEqualTo(data);
              return response;
            });
    assertThat(got.checksumSHA256()).isEqualTo(put.checksumSHA256());
  }

  @Test
  void defaultCrc32TrailerOfTheSdkIsKeptAndReturned() {
    PutObjectResponse put =
        s3.putObject(b -> b.bucket("bundles").key("crc.txt"), RequestBody.fromString("crc me"));
    assertThat(put.checksumCRC32()).isNotBlank();
    GetObjectResponse got =
        s3.getObject(
            b -> b.bucket("bundles").key("crc.txt").checksumMode("ENABLED"),
            (response, in) -> {
              assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("crc me");
              return response;
            });
    assertThat(got.checksumCRC32()).isEqualTo(put.checksumCRC32());
  }

  @Test
  void awsChunkedUploadsAreDecodedAndTheirTrailingChecksumChecked() throws Exception {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update("hello".getBytes(StandardCharsets.UTF_8));
    String good =
        java.util.Base64.getEncoder()
            .encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    assertThat(rawChunkedPut("raw-good.txt", good)).isEqualTo(200);
    assertThat(s3.getObjectAsBytes(b -> b.bucket("bundles").key("raw-good.txt")).asUtf8String())
        .isEqualTo("hello");
    assertThat(rawChunkedPut("raw-bad.txt", "AAAAAA==")).isEqualTo(400);
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket("bundles").key("raw-bad.txt")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  private static int rawChunkedPut(String key, String crc32) throws Exception {
    byte[] body =
        ("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:" + crc32 + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    HttpURLConnection conn =
        (HttpURLConnection) new URL(sim.endpoint() + "/bundles/" + key).openConnection();
    conn.setRequestMethod("PUT");
    conn.setDoOutput(true);
    conn.setRequestProperty(
        "Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20250101/eu-west-1/s3/aws4_request,"
            + " SignedHeaders=host, Signature=0000");
    conn.setRequestProperty("Content-Encoding", "aws-chunked");
    conn.setRequestProperty("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    conn.setRequestProperty("x-amz-trailer", "x-amz-checksum-crc32");
    conn.setRequestProperty("x-amz-decoded-content-length", "5");
    conn.setFixedLengthStreamingMode(body.length);
    try (var out = conn.getOutputStream()) {
      out.write(body);
    }
    return conn.getResponseCode();
  }

  @Test
  void multipartUploadsAssembleInPartOrderWithS3sEtag() throws Exception {
    byte[] first = new byte[5 * 1024 * 1024];
    new Random(1).nextBytes(first);
    byte[] second = "tail".getBytes(StandardCharsets.UTF_8);
    String uploadId = s3.createMultipartUpload(b -> b.bucket("bundles").key("big.tgz")).uploadId();
    String e1 =
        s3.uploadPart(
                b -> b.bucket("bundles").key("big.tgz").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(first))
            .eTag();
    String e2 =
        s3.uploadPart(
                b -> b.bucket("bundles").key("big.tgz").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(second))
            .eTag();
    String etag =
        s3.completeMultipartUpload(
                b ->
                    b.bucket("bundles")
                        .key("big.tgz")
                        .uploadId(uploadId)
                        .multipartUpload(
                            m ->
                                m.parts(
                                    p -> p.partNumber(1).eTag(e1), p -> p.partNumber(2).eTag(e2))))
            .eTag();

    MessageDigest md5 = MessageDigest.getInstance("MD5");
    md5.update(HexFormat.of().parseHex(e1.replace("\"", "")));
    md5.update(HexFormat.of().parseHex(e2.replace("\"", "")));
    assertThat(etag).isEqualTo("\"" + HexFormat.of().formatHex(md5.digest()) + "-2\"");
    byte[] whole = s3.getObjectAsBytes(b -> b.bucket("bundles").key("big.tgz")).asByteArray();
    assertThat(whole).hasSize(first.length + second.length);
    assertThat(java.util.Arrays.copyOfRange(whole, first.length, whole.length)).isEqualTo(second);

    String small = s3.createMultipartUpload(b -> b.bucket("bundles").key("small.tgz")).uploadId();
    String s1 =
        s3.uploadPart(
                b -> b.bucket("bundles").key("small.tgz").uploadId(small).partNumber(1),
                RequestBody.fromString("a"))
            .eTag();
    String s2 =
        s3.uploadPart(
                b -> b.bucket("bundles").key("small.tgz").uploadId(small).partNumber(2),
                RequestBody.fromString("b"))
            .eTag();
    assertThatThrownBy(
            () ->
                s3.completeMultipartUpload(
                    b ->
                        b.bucket("bundles")
                            .key("small.tgz")
                            .uploadId(small)
                            .multipartUpload(
                                m ->
                                    m.parts(
                                        p -> p.partNumber(1).eTag(s1),
                                        p -> p.partNumber(2).eTag(s2)))))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityTooSmall"));
    s3.abortMultipartUpload(b -> b.bucket("bundles").key("small.tgz").uploadId(small));
    assertThatThrownBy(
            () ->
                s3.uploadPart(
                    b -> b.bucket("bundles").key("small.tgz").uploadId(small).partNumber(3),
                    RequestBody.fromString("c")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload"));
  }

  @Test
  void missingBucketsAndKeysFailWithS3Codes() {
    assertThatThrownBy(() -> s3.getObject(b -> b.bucket("bundles").key("nope")))
        .isInstanceOfSatisfying(
            NoSuchKeyException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThatThrownBy(() -> s3.getObject(b -> b.bucket("no-such-bucket").key("k")))
        .isInstanceOf(NoSuchBucketException.class);
    assertThatThrownBy(() -> s3.headBucket(b -> b.bucket("no-such-bucket")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThatThrownBy(
            () ->
                s3.createBucket(
                    b ->
                        b.bucket("wrong-region")
                            .createBucketConfiguration(c -> c.locationConstraint("us-west-2"))))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("IllegalLocationConstraintException"));
    assertThat(s3.headBucket(b -> b.bucket("bundles")).bucketRegion()).isEqualTo("eu-west-1");
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("bundles");
  }

  @Test
  void versioningKeepsEveryVersion() {
    s3.createBucket(
        b ->
            b.bucket("versioned")
                .createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
    s3.putBucketVersioning(
        b ->
            b.bucket("versioned")
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    assertThat(s3.getBucketVersioning(b -> b.bucket("versioned")).status())
        .isEqualTo(BucketVersioningStatus.ENABLED);
    String v1 =
        s3.putObject(b -> b.bucket("versioned").key("app.zip"), RequestBody.fromString("one"))
            .versionId();
    String v2 =
        s3.putObject(b -> b.bucket("versioned").key("app.zip"), RequestBody.fromString("two"))
            .versionId();
    assertThat(v1).isNotBlank().isNotEqualTo(v2);

    assertThat(s3.getObjectAsBytes(b -> b.bucket("versioned").key("app.zip")).asUtf8String())
        .isEqualTo("two");
    var old = s3.getObjectAsBytes(b -> b.bucket("versioned").key("app.zip").versionId(v1));
    assertThat(old.asUtf8String()).isEqualTo("one");
    assertThat(old.response().versionId()).isEqualTo(v1);

    var deleted = s3.deleteObject(b -> b.bucket("versioned").key("app.zip"));
    assertThat(deleted.deleteMarker()).isTrue();
    assertThatThrownBy(() -> s3.getObject(b -> b.bucket("versioned").key("app.zip")))
        .isInstanceOf(NoSuchKeyException.class);
    assertThat(
            s3.getObjectAsBytes(b -> b.bucket("versioned").key("app.zip").versionId(v2))
                .asUtf8String())
        .isEqualTo("two");
    assertThat(s3.listObjectVersions(b -> b.bucket("versioned")).versions())
        .extracting(ObjectVersion::versionId)
        .containsExactly(v2, v1);
    assertThatThrownBy(
            () -> s3.getObject(b -> b.bucket("versioned").key("app.zip").versionId("nope")))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchVersion"));
  }

  @Test
  void listObjectsV2PagesAndGroupsByDelimiter() {
    s3.createBucket(
        b -> b.bucket("listing").createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
    for (int i = 0; i < 7; i++) {
      int n = i;
      s3.putObject(
          b -> b.bucket("listing").key("releases/r" + n + ".tgz"), RequestBody.fromString("r" + n));
    }
    s3.putObject(b -> b.bucket("listing").key("docs/a b+c.txt"), RequestBody.fromString("doc"));
    s3.putObject(b -> b.bucket("listing").key("top.txt"), RequestBody.fromString("top"));

    List<String> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket("listing").prefix("releases/").maxKeys(3))
        .contents()
        .forEach(o -> keys.add(o.key()));
    assertThat(keys).hasSize(7).isSorted().first().isEqualTo("releases/r0.tgz");

    var grouped = s3.listObjectsV2(b -> b.bucket("listing").delimiter("/"));
    assertThat(grouped.commonPrefixes())
        .extracting(p -> p.prefix())
        .containsExactly("docs/", "releases/");
    assertThat(grouped.contents()).extracting(S3Object::key).containsExactly("top.txt");
    assertThat(s3.listObjectsV2(b -> b.bucket("listing").prefix("docs/")).contents())
        .extracting(S3Object::key)
        .containsExactly("docs/a b+c.txt");
    assertThat(s3.getObjectAsBytes(b -> b.bucket("listing").key("docs/a b+c.txt")).asUtf8String())
        .isEqualTo("doc");
  }

  @Test
  void presignedGetWorksWithAPlainHttpClientUntilItExpires() throws Exception {
    sim.putObject("bundles", "presigned/app.tgz", "bundle-bytes".getBytes(StandardCharsets.UTF_8));
    URL url =
        presigner
            .presignGetObject(
                b ->
                    b.signatureDuration(Duration.ofMinutes(10))
                        .getObjectRequest(g -> g.bucket("bundles").key("presigned/app.tgz")))
            .url();
    assertThat(url.getQuery()).contains("X-Amz-Signature=", "X-Amz-Expires=600");

    HttpURLConnection ok = (HttpURLConnection) url.openConnection();
    assertThat(ok.getResponseCode()).isEqualTo(200);
    try (InputStream in = ok.getInputStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("bundle-bytes");
    }

    URL unsigned = new URL(sim.endpoint() + "/bundles/presigned/app.tgz");
    HttpURLConnection anonymous = (HttpURLConnection) unsigned.openConnection();
    assertThat(anonymous.getResponseCode()).isEqualTo(403);

    sim.advanceClock(Duration.ofMinutes(11));
    HttpURLConnection expired = (HttpURLConnection) url.openConnection();
    assertThat(expired.getResponseCode()).isEqualTo(403);
    try (InputStream err = expired.getErrorStream()) {
      String body = new String(err.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(body).contains("<Code>AccessDenied</Code>", "Request has expired");
    }
  }

  @Test
  void presignedUrlsMissingSignatureParametersAreRefused() throws Exception {
    sim.putObject("bundles", "partial.txt", new byte[] {1});
    URL url =
        presigner
            .presignGetObject(
                b ->
                    b.signatureDuration(Duration.ofMinutes(1))
                        .getObjectRequest(g -> g.bucket("bundles").key("partial.txt")))
            .url();
    String stripped = url.toString().replaceAll("&?X-Amz-Signature=[0-9a-f]+", "");
    HttpURLConnection conn = (HttpURLConnection) new URL(stripped).openConnection();
    assertThat(conn.getResponseCode()).isEqualTo(400);
    try (InputStream err = conn.getErrorStream()) {
      assertThat(new String(err.readAllBytes(), StandardCharsets.UTF_8))
          .contains("AuthorizationQueryParametersError");
    }
  }

  @Test
  void javaApiObjectsAreVisibleToClients() {
    sim.createBucket("seeded");
    sim.enableVersioning("seeded");
    PutObjectResult stored = sim.putObject("seeded", "k", "v".getBytes(StandardCharsets.UTF_8));
    assertThat(stored.versionId()).isNotNull();
    var got = s3.getObjectAsBytes(b -> b.bucket("seeded").key("k"));
    assertThat(got.asUtf8String()).isEqualTo("v");
    assertThat(got.response().versionId()).isEqualTo(stored.versionId());
    assertThat(got.response().eTag()).isEqualTo("\"" + stored.etag() + "\"");
  }
}
