package io.fleetdeploy.simulator.s3;

import io.fleetdeploy.simulator.codec.AwsChunkedBody;
import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.codec.XmlDocuments;
import io.fleetdeploy.simulator.codec.XmlWriter;
import io.fleetdeploy.simulator.fleet.IdGenerator;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Object-level S3 operations: put (aws-chunked, checksums), get/head (versions, ranges), delete,
 * multipart.
 */
final class ObjectOperations {
  private final BucketStore store;
  private final MultipartUploads uploads;
  private final SimClock clock;

  ObjectOperations(BucketStore store, IdGenerator ids, SimClock clock) {
    this.store = store;
    this.uploads = new MultipartUploads(ids);
    this.clock = clock;
  }

  /** The uploaded bytes (aws-chunked decoded) and the checksums that came with them, verified. */
  private record Upload(byte[] payload, Map<String, String> checksums) {}

  SimResponse putObject(S3Service.Target t, SimRequest request) {
    Upload upload = readUpload(request);
    Map<String, String> metadata = metadataOf(request);
    String encoding = request.header("Content-Encoding");
    String contentEncoding =
        encoding == null
            ? null
            : Arrays.stream(encoding.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty() && !s.equals("aws-chunked"))
                .reduce((a, b) -> a + "," + b)
                .orElse(null);
    String contentType =
        request.header("Content-Type") == null
            ? "binary/octet-stream"
            : request.header("Content-Type");
    StoredObject stored =
        store.put(
            t.bucket(),
            t.key(),
            upload.payload(),
            contentType,
            contentEncoding,
            request.header("Content-Disposition"),
            metadata,
            upload.checksums(),
            clock.now());
    SimResponse response =
        SimResponse.empty(200)
            .withHeader("ETag", S3Xml.quote(stored.etag()))
            .withHeader("x-amz-server-side-encryption", "AES256");
    if (!stored.versionId().equals("null")) {
      response.withHeader("x-amz-version-id", stored.versionId());
    }
    upload
        .checksums()
        .forEach((algorithm, value) -> response.withHeader("x-amz-checksum-" + algorithm, value));
    return response;
  }

  SimResponse createMultipart(S3Service.Target t, SimRequest request) {
    store.region(t.bucket());
    String contentType =
        request.header("Content-Type") == null
            ? "binary/octet-stream"
            : request.header("Content-Type");
    String uploadId = uploads.create(t.bucket(), t.key(), contentType, metadataOf(request));
    XmlWriter xml =
        new XmlWriter()
            .start("InitiateMultipartUploadResult", S3Service.NAMESPACE)
            .leaf("Bucket", t.bucket())
            .leaf("Key", t.key())
            .leaf("UploadId", uploadId)
            .end();
    SimResponse response = SimResponse.xml(200, xml.toString());
    String algorithm = request.header("x-amz-checksum-algorithm");
    return algorithm == null
        ? response
        : response.withHeader("x-amz-checksum-algorithm", algorithm);
  }

  SimResponse uploadPart(S3Service.Target t, SimRequest request) {
    QueryArgs q = request.query();
    int partNumber;
    try {
      partNumber = Integer.parseInt(q.get("partNumber"));
    } catch (NumberFormatException e) {
      throw new ApiException(
              "InvalidArgument",
              "Part number must be an integer between 1 and 10000, inclusive",
              400)
          .with("ArgumentName", "partNumber")
          .with("ArgumentValue", q.get("partNumber"));
    }
    Upload upload = readUpload(request);
    String etag =
        uploads.putPart(q.get("uploadId"), t.bucket(), t.key(), partNumber, upload.payload());
    SimResponse response = SimResponse.empty(200).withHeader("ETag", S3Xml.quote(etag));
    upload
        .checksums()
        .forEach((algorithm, value) -> response.withHeader("x-amz-checksum-" + algorithm, value));
    return response;
  }

  SimResponse completeMultipart(S3Service.Target t, SimRequest request) {
    Element complete = S3Xml.parse(request.body());
    List<MultipartUploads.PartRef> parts = new java.util.ArrayList<>();
    for (Element part : XmlDocuments.children(complete, "Part")) {
      try {
        parts.add(
            new MultipartUploads.PartRef(
                Integer.parseInt(XmlDocuments.childText(part, "PartNumber")),
                XmlDocuments.childText(part, "ETag")));
      } catch (NumberFormatException e) {
        throw new ApiException(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate"
                + " against our published schema",
            400);
      }
    }
    MultipartUploads.Assembled assembled =
        uploads.complete(request.query().get("uploadId"), t.bucket(), t.key(), parts);
    StoredObject stored =
        store.put(
            t.bucket(),
            t.key(),
            assembled.data(),
            assembled.etag(),
            assembled.upload().contentType(),
            null,
            null,
            assembled.upload().metadata(),
            Map.of(),
            clock.now());
    XmlWriter xml =
        new XmlWriter()
            .start("CompleteMultipartUploadResult", S3Service.NAMESPACE)
            .leaf("Location", "/" + t.bucket() + "/" + t.key())
            .leaf("Bucket", t.bucket())
            .leaf("Key", t.key())
            .leaf("ETag", S3Xml.quote(stored.etag()))
            .end();
    SimResponse response = SimResponse.xml(200, xml.toString());
    return stored.versionId().equals("null")
        ? response
        : response.withHeader("x-amz-version-id", stored.versionId());
  }

  private static Map<String, String> metadataOf(SimRequest request) {
    Map<String, String> metadata = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (name, values) -> {
              if (name.toLowerCase(Locale.ROOT).startsWith("x-amz-meta-") && !values.isEmpty()) {
                metadata.put(
                    name.toLowerCase(Locale.ROOT).substring("x-amz-meta-".length()), values.get(0));
              }
            });
    return metadata;
  }

  private static Upload readUpload(SimRequest request) {
    byte[] payload = request.body();
    Map<String, String> sentChecksums = new LinkedHashMap<>();
    request
        .headers()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (lower.startsWith("x-amz-checksum-")
                  && !lower.equals("x-amz-checksum-algorithm")
                  && !lower.equals("x-amz-checksum-type")
                  && !values.isEmpty()) {
                sentChecksums.put(lower, values.get(0));
              }
            });
    String encoding = request.header("Content-Encoding");
    String sha = request.header("x-amz-content-sha256");
    boolean chunked =
        (encoding != null && encoding.contains("aws-chunked"))
            || (sha != null && sha.startsWith("STREAMING-"));
    if (chunked) {
      AwsChunkedBody decoded;
      try {
        decoded = AwsChunkedBody.decode(payload);
      } catch (IllegalArgumentException e) {
        throw new ApiException(
            "IncompleteBody", "The aws-chunked request body is malformed: " + e.getMessage(), 400);
      }
      payload = decoded.payload();
      sentChecksums.putAll(decoded.trailers());
      String declared = request.header("x-amz-decoded-content-length");
      if (declared != null && Long.parseLong(declared.trim()) != payload.length) {
        throw new ApiException(
            "IncompleteBody",
            "You did not provide the number of bytes specified by the"
                + " x-amz-decoded-content-length header ("
                + declared
                + " declared, "
                + payload.length
                + " sent).",
            400);
      }
    }
    String contentMd5 = request.header("Content-MD5");
    if (contentMd5 != null) {
      byte[] expected;
      try {
        expected = Base64.getDecoder().decode(contentMd5.trim());
      } catch (IllegalArgumentException e) {
        throw new ApiException("InvalidDigest", "The Content-MD5 you specified was invalid.", 400);
      }
      if (!Arrays.equals(expected, md5(payload))) {
        throw new ApiException(
            "BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
      }
    }
    return new Upload(payload, S3Checksums.verify(payload, sentChecksums));
  }

  SimResponse getObject(S3Service.Target t, SimRequest request, boolean head) {
    QueryArgs q = request.query();
    String versionId = q.get("versionId");
    StoredObject obj;
    try {
      obj = store.get(t.bucket(), t.key(), versionId);
    } catch (ApiException e) {
      if ("NoSuchKey".equals(e.code())) {
        StoredObject latest = store.latestOrNull(t.bucket(), t.key());
        if (latest != null && latest.deleteMarker()) {
          throw e.withHeader("x-amz-delete-marker", "true")
              .withHeader("x-amz-version-id", latest.versionId());
        }
      }
      throw e;
    }
    String etag = S3Xml.quote(obj.etag());
    String ifNoneMatch = request.header("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("*"))) {
      return SimResponse.empty(304).withHeader("ETag", etag);
    }
    String ifMatch = request.header("If-Match");
    if (ifMatch != null && !ifMatch.equals(etag) && !ifMatch.equals("*")) {
      throw new ApiException(
              "PreconditionFailed",
              "At least one of the pre-conditions you specified did not hold",
              412)
          .with("Condition", "If-Match");
    }
    byte[] data = obj.data();
    int status = 200;
    String contentRange = null;
    String range = request.header("Range");
    if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
      long[] span = parseRange(range.substring("bytes=".length()), data.length);
      if (span == null) {
        throw new ApiException("InvalidRange", "The requested range is not satisfiable", 416)
            .with("RangeRequested", range)
            .with("ActualObjectSize", String.valueOf(data.length));
      }
      contentRange = "bytes " + span[0] + "-" + span[1] + "/" + data.length;
      data = Arrays.copyOfRange(data, (int) span[0], (int) span[1] + 1);
      status = 206;
    }
    SimResponse response =
        new SimResponse(status, new LinkedHashMap<>(), head ? new byte[0] : data);
    String contentType =
        q.get("response-content-type") != null ? q.get("response-content-type") : obj.contentType();
    response
        .withHeader("Content-Type", contentType)
        .withHeader("ETag", etag)
        .withHeader("Last-Modified", AwsTime.rfc1123(obj.lastModified()))
        .withHeader("Accept-Ranges", "bytes")
        .withHeader("x-amz-server-side-encryption", "AES256")
        .withHeader("Content-Range", contentRange)
        .withHeader("Content-Encoding", obj.contentEncoding())
        .withHeader(
            "Content-Disposition",
            q.get("response-content-disposition") != null
                ? q.get("response-content-disposition")
                : obj.contentDisposition());
    if (head) {
      response.withHeader("Content-Length", String.valueOf(data.length));
    }
    if (!obj.versionId().equals("null")) {
      response.withHeader("x-amz-version-id", obj.versionId());
    }
    obj.metadata().forEach((k, v) -> response.withHeader("x-amz-meta-" + k, v));
    if ("ENABLED".equalsIgnoreCase(request.header("x-amz-checksum-mode")) && contentRange == null) {
      obj.checksums()
          .forEach((algorithm, value) -> response.withHeader("x-amz-checksum-" + algorithm, value));
      if (!obj.checksums().isEmpty()) {
        response.withHeader("x-amz-checksum-type", "FULL_OBJECT");
      }
    }
    return response;
  }

  SimResponse deleteObject(S3Service.Target t, SimRequest request) {
    String versionId = request.query().get("versionId");
    StoredObject result = store.delete(t.bucket(), t.key(), versionId, clock.now());
    SimResponse response = SimResponse.empty(204);
    if (result != null && result.deleteMarker()) {
      response.withHeader("x-amz-delete-marker", "true");
    }
    if (versionId != null) {
      response.withHeader("x-amz-version-id", versionId);
    } else if (result != null) {
      response.withHeader("x-amz-version-id", result.versionId());
    }
    return response;
  }

  /** {@code a-b}, {@code a-} or {@code -n}; null when the range is not satisfiable. */
  static long[] parseRange(String spec, long size) {
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      long start;
      long end;
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0) {
          return null;
        }
        start = Math.max(0, size - suffix);
        end = size - 1;
      } else {
        start = Long.parseLong(a);
        end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      }
      if (start >= size || start > end) {
        return null;
      }
      return new long[] {start, end};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from the JDK", e);
    }
  }

  SimResponse abortMultipart(S3Service.Target t, SimRequest request) {
    uploads.abort(request.query().get("uploadId"), t.bucket(), t.key());
    return SimResponse.empty(204);
  }
}
