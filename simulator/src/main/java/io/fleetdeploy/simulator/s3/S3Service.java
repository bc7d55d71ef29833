package io.fleetdeploy.simulator.s3;

import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.codec.XmlWriter;
import io.fleetdeploy.simulator.fleet.IdGenerator;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Amazon S3 over its REST protocol: path-style ({@code /bucket/key}) and virtual-hosted ({@code
 * bucket.localhost}) addressing, versioning, flexible checksums, aws-chunked uploads and presigned
 * URLs.
 */
public final class S3Service implements AwsService {
  static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final Set<String> UNSUPPORTED_SUBRESOURCES =
      Set.of(
          "acl",
          "policy",
          "tagging",
          "cors",
          "lifecycle",
          "website",
          "replication",
          "encryption",
          "notification",
          "logging",
          "object-lock",
          "retention",
          "legal-hold",
          "ownershipControls",
          "publicAccessBlock",
          "accelerate",
          "requestPayment",
          "analytics",
          "inventory",
          "metrics",
          "intelligent-tiering",
          "torrent",
          "restore",
          "select",
          "attributes");

  private final SimClock clock;
  private final BucketOperations buckets;
  private final ObjectOperations objects;

  public S3Service(
      BucketStore store, IdGenerator ids, SimClock clock, String region, String accountId) {
    this.clock = clock;
    this.buckets = new BucketOperations(store, clock, region, accountId);
    this.objects = new ObjectOperations(store, ids, clock);
  }

  @Override
  public String name() {
    return "s3";
  }

  /** Bucket and key of a request, from the Host header (virtual-hosted) or the path. */
  record Target(String bucket, String key) {}

  static Target targetOf(SimRequest request) {
    String path = percentDecode(request.rawPath());
    String host = request.header("Host");
    String hostBucket = null;
    if (host != null) {
      String name = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
      if (name.endsWith(".localhost") && name.length() > ".localhost".length()) {
        hostBucket = name.substring(0, name.length() - ".localhost".length());
        if (hostBucket.endsWith(".s3")) {
          hostBucket = hostBucket.substring(0, hostBucket.length() - 3);
        }
      }
    }
    String rest = path.startsWith("/") ? path.substring(1) : path;
    if (hostBucket != null) {
      return new Target(hostBucket, rest.isEmpty() ? null : rest);
    }
    if (rest.isEmpty()) {
      return new Target(null, null);
    }
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return new Target(rest, null);
    }
    String key = rest.substring(slash + 1);
    return new Target(rest.substring(0, slash), key.isEmpty() ? null : key);
  }

  @Override
  public String operation(SimRequest request) {
    Target t = targetOf(request);
    QueryArgs q = request.query();
    String method = request.method();
    for (String sub : UNSUPPORTED_SUBRESOURCES) {
      if (q.has(sub)) {
        throw new ApiException(
            "NotImplemented",
            "The simulator does not implement the '" + sub + "' subresource.",
            501);
      }
    }
    if (t.bucket() == null) {
      if (method.equals("GET")) {
        return "ListBuckets";
      }
      throw methodNotAllowed(method);
    }
    if (t.key() == null) {
      return switch (method) {
        case "GET" ->
            q.has("versioning")
                ? "GetBucketVersioning"
                : q.has("location")
                    ? "GetBucketLocation"
                    : q.has("versions")
                        ? "ListObjectVersions"
                        : "2".equals(q.get("list-type")) ? "ListObjectsV2" : "ListObjects";
        case "PUT" -> q.has("versioning") ? "PutBucketVersioning" : "CreateBucket";
        case "HEAD" -> "HeadBucket";
        case "DELETE" -> "DeleteBucket";
        case "POST" -> {
          if (q.has("delete")) {
            yield "DeleteObjects";
          }
          throw methodNotAllowed(method);
        }
        default -> throw methodNotAllowed(method);
      };
    }
    boolean multipart = q.has("uploadId");
    return switch (method) {
      case "GET" -> {
        if (multipart) {
          throw new ApiException(
              "NotImplemented", "The simulator does not implement ListParts.", 501);
        }
        yield "GetObject";
      }
      case "PUT" -> {
        if (request.header("x-amz-copy-source") != null) {
          throw new ApiException(
              "NotImplemented",
              "The simulator does not implement CopyObject or UploadPartCopy.",
              501);
        }
        yield multipart ? "UploadPart" : "PutObject";
      }
      case "POST" -> {
        if (q.has("uploads")) {
          yield "CreateMultipartUpload";
        }
        if (multipart) {
          yield "CompleteMultipartUpload";
        }
        throw methodNotAllowed(method);
      }
      case "HEAD" -> "HeadObject";
      case "DELETE" -> multipart ? "AbortMultipartUpload" : "DeleteObject";
      default -> throw methodNotAllowed(method);
    };
  }

  private static ApiException methodNotAllowed(String method) {
    return new ApiException(
            "MethodNotAllowed", "The specified method is not allowed against this resource.", 405)
        .with("Method", method);
  }

  @Override
  public ApiException throttled() {
    return new ApiException("SlowDown", "Please reduce your request rate.", 503);
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    XmlWriter xml =
        new XmlWriter().start("Error").leaf("Code", e.code()).leaf("Message", e.getMessage());
    e.details().forEach(xml::leaf);
    xml.leaf("RequestId", requestIdOf(request)).leaf("HostId", hostIdOf(request)).end();
    SimResponse response =
        withIds(SimResponse.of(e.status(), "application/xml", xml.toString()), request);
    e.headers().forEach(response::withHeader);
    return response;
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    S3Authorization.check(request, clock.now());
    Target t = targetOf(request);
    SimResponse response =
        switch (operation) {
          case "ListBuckets" -> buckets.listBuckets();
          case "CreateBucket" -> buckets.createBucket(t.bucket(), request);
          case "HeadBucket" -> buckets.headBucket(t.bucket());
          case "DeleteBucket" -> buckets.deleteBucket(t.bucket());
          case "GetBucketLocation" -> buckets.location(t.bucket());
          case "PutBucketVersioning" -> buckets.putVersioning(t.bucket(), request);
          case "GetBucketVersioning" -> buckets.getVersioning(t.bucket());
          case "ListObjectsV2" -> buckets.listObjects(t.bucket(), request.query(), true);
          case "ListObjects" -> buckets.listObjects(t.bucket(), request.query(), false);
          case "ListObjectVersions" -> buckets.listVersions(t.bucket(), request.query());
          case "DeleteObjects" -> buckets.deleteObjects(t.bucket(), request);
          case "PutObject" -> objects.putObject(t, request);
          case "GetObject" -> objects.getObject(t, request, false);
          case "HeadObject" -> objects.getObject(t, request, true);
          case "DeleteObject" -> objects.deleteObject(t, request);
          case "CreateMultipartUpload" -> objects.createMultipart(t, request);
          case "UploadPart" -> objects.uploadPart(t, request);
          case "CompleteMultipartUpload" -> objects.completeMultipart(t, request);
          case "AbortMultipartUpload" -> objects.abortMultipart(t, request);
          default -> throw new IllegalStateException("unrouted operation " + operation);
        };
    return withIds(response, request);
  }

  /** Percent-decodes a URL path; unlike form decoding, '+' stays '+'. */
  static String percentDecode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        try {
          out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
          i += 2;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the '%'
        }
      }
      byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String requestIdOf(SimRequest request) {
    return request.requestId().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
  }

  private static String hostIdOf(SimRequest request) {
    return Base64.getEncoder().encodeToString(request.requestId().getBytes(StandardCharsets.UTF_8));
  }

  private static SimResponse withIds(SimResponse response, SimRequest request) {
    return response
        .withHeader("x-amz-request-id", requestIdOf(request))
        .withHeader("x-amz-id-2", hostIdOf(request));
  }
}
