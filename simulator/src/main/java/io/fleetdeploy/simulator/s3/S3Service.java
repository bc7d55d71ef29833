package io.fleetdeploy.simulator.s3;

import io.fleetdeploy.simulator.codec.AwsChunkedBody;
import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.codec.XmlDocuments;
import io.fleetdeploy.simulator.codec.XmlWriter;
import io.fleetdeploy.simulator.fleet.IdGenerator;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.AwsService;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Amazon S3 over its REST protocol: path-style ({@code /bucket/key}) and virtual-hosted
 * ({@code bucket.localhost}) addressing, versioning, flexible checksums, aws-chunked uploads and
 * presigned URLs.
 */
public final class S3Service implements AwsService {
  static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final Set<String> UNSUPPORTED_SUBRESOURCES = Set.of("acl", "policy", "tagging", "cors",
      "lifecycle", "website", "replication", "encryption", "notification", "logging",
      "object-lock", "retention", "legal-hold", "ownershipControls", "publicAccessBlock", "accelerate",
      "requestPayment", "analytics", "inventory", "metrics", "intelligent-tiering", "torrent", "restore", "select",
      "attributes");

  private final BucketStore store;
  private final MultipartUploads uploads;
  private final SimClock clock;
  private final String region;
  private final String accountId;

  public S3Service(BucketStore store, IdGenerator ids, SimClock clock, String region, String accountId) {
    this.store = store;
    this.uploads = new MultipartUploads(ids);
    this.clock = clock;
    this.region = region;
    this.accountId = accountId;
  }

  @Override
  public String name() {
    return "s3";
  }

  /** Bucket and key of a request, from the Host header (virtual-hosted) or the path. */
  record Target(String bucket, String key) {
  }

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
        throw new ApiException("NotImplemented", "The simulator does not implement the '" + sub
            + "' subresource.", 501);
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
        case "GET" -> q.has("versioning") ? "GetBucketVersioning" : q.has("location") ? "GetBucketLocation"
            : q.has("versions") ? "ListObjectVersions" : "2".equals(q.get("list-type")) ? "ListObjectsV2"
            : "ListObjects";
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
          throw new ApiException("NotImplemented", "The simulator does not implement ListParts.", 501);
        }
        yield "GetObject";
      }
      case "PUT" -> {
        if (request.header("x-amz-copy-source") != null) {
          throw new ApiException("NotImplemented", "The simulator does not implement CopyObject or UploadPartCopy.",
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
    return new ApiException("MethodNotAllowed", "The specified method is not allowed against this resource.", 405)
        .with("Method", method);
  }

  @Override
  public ApiException throttled() {
    return new ApiException("SlowDown", "Please reduce your request rate.", 503);
  }

  @Override
  public SimResponse error(ApiException e, SimRequest request) {
    XmlWriter xml = new XmlWriter().start("Error").leaf("Code", e.code()).leaf("Message", e.getMessage());
    e.details().forEach(xml::leaf);
    xml.leaf("RequestId", requestIdOf(request)).leaf("HostId", hostIdOf(request)).end();
    SimResponse response = withIds(SimResponse.of(e.status(), "application/xml", xml.toString()), request);
    e.headers().forEach(response::withHeader);
    return response;
  }

  @Override
  public SimResponse handle(String operation, SimRequest request) {
    S3Authorization.check(request, clock.now());
    Target t = targetOf(request);
    SimResponse response = switch (operation) {
      case "ListBuckets" -> listBuckets();
      case "CreateBucket" -> createBucket(t.bucket(), request);
      case "HeadBucket" -> headBucket(t.bucket());
      case "DeleteBucket" -> {
        store.delete(t.bucket());
        yield SimResponse.empty(204);
      }
      case "GetBucketLocation" -> location(t.bucket());
      case "PutBucketVersioning" -> putVersioning(t.bucket(), request);
      case "GetBucketVersioning" -> getVersioning(t.bucket());
      case "ListObjectsV2" -> listObjects(t.bucket(), request.query(), true);
      case "ListObjects" -> listObjects(t.bucket(), request.query(), false);
      case "ListObjectVersions" -> listVersions(t.bucket(), request.query());
      case "DeleteObjects" -> deleteObjects(t.bucket(), request);
      case "PutObject" -> putObject(t, request);
      case "GetObject" -> getObject(t, request, false);
      case "HeadObject" -> getObject(t, request, true);
      case "DeleteObject" -> deleteObject(t, request);
      case "CreateMultipartUpload" -> createMultipart(t, request);
      case "UploadPart" -> uploadPart(t, request);
      case "CompleteMultipartUpload" -> completeMultipart(t, request);
      case "AbortMultipartUpload" -> {
        uploads.abort(request.query().get("uploadId"), t.bucket(), t.key());
        yield SimResponse.empty(204);
      }
      default -> throw new IllegalStateException("unrouted operation " + operation);
    };
    return withIds(response, request);
  }

  private SimResponse listBuckets() {
    XmlWriter xml = new XmlWriter().start("ListAllMyBucketsResult", NAMESPACE)
        .start("Owner").leaf("ID", ownerId()).leaf("DisplayName", "fleetdeploy-simulator").end().start("Buckets");
    for (Bucket b : store.all()) {
      xml.start("Bucket").leaf("Name", b.name).leaf("CreationDate", AwsTime.iso(b.created))
          .leaf("BucketRegion", b.region).end();
    }
    return SimResponse.xml(200, xml.end().end().toString());
  }

  private SimResponse createBucket(String bucket, SimRequest request) {
    String constraint = null;
    if (request.body().length > 0) {
      Element config = parseXml(request.body());
      constraint = XmlDocuments.childText(config, "LocationConstraint");
    }
    // As on a regional endpoint: outside us-east-1 the location constraint must name this region.
    boolean matches = region.equals("us-east-1") ? constraint == null || constraint.isEmpty() || constraint.equals(region)
        : region.equals(constraint);
    if (!matches) {
      String said = constraint == null || constraint.isEmpty() ? "unspecified" : constraint;
      throw new ApiException("IllegalLocationConstraintException", "The " + said
          + " location constraint is incompatible for the region specific endpoint this request was sent to.", 400);
    }
    store.create(bucket, clock.now(), region);
    return SimResponse.empty(200).withHeader("Location", "/" + bucket);
  }

  private SimResponse headBucket(String bucket) {
    String bucketRegion = store.region(bucket);
    return SimResponse.empty(200).withHeader("x-amz-bucket-region", bucketRegion)
        .withHeader("x-amz-access-point-alias", "false");
  }

  private SimResponse location(String bucket) {
    String r = store.region(bucket);
    // us-east-1 buckets answer with an empty constraint, as S3 does.
    String body = r.equals("us-east-1") ? "" : XmlWriter.escape(r);
    return SimResponse.xml(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\""
        + NAMESPACE + "\">" + body + "</LocationConstraint>");
  }

  private SimResponse putVersioning(String bucket, SimRequest request) {
    Element config = parseXml(request.body());
    String status = XmlDocuments.childText(config, "Status");
    if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
      throw new ApiException("MalformedXML", "The XML you provided was not well-formed or did not validate against"
          + " our published schema", 400);
    }
    store.setVersioning(bucket, status);
    return SimResponse.empty(200);
  }

  private SimResponse getVersioning(String bucket) {
    XmlWriter xml = new XmlWriter().start("VersioningConfiguration", NAMESPACE)
        .leaf("Status", store.versioning(bucket)).end();
    return SimResponse.xml(200, xml.toString());
  }

  private SimResponse listObjects(String bucket, QueryArgs q, boolean v2) {
    String prefix = q.get("prefix") == null ? "" : q.get("prefix");
    String delimiter = q.get("delimiter") == null || q.get("delimiter").isEmpty() ? null : q.get("delimiter");
    int maxKeys = maxKeys(q);
    boolean urlEncoding = "url".equals(q.get("encoding-type"));
    String continuation = v2 ? q.get("continuation-token") : null;
    String startAfter = v2 ? q.get("start-after") : q.get("marker");
    String after = startAfter == null ? "" : startAfter;
    if (continuation != null) {
      try {
        String decoded = new String(Base64.getUrlDecoder().decode(continuation), StandardCharsets.UTF_8);
        after = decoded.compareTo(after) > 0 ? decoded : after;
      } catch (IllegalArgumentException e) {
        throw new ApiException("InvalidArgument", "The continuation token provided is incorrect", 400)
            .with("ArgumentName", "continuation-token");
      }
    }
    List<StoredObject> objects = store.liveObjects(bucket);
    java.util.List<StoredObject> contents = new java.util.ArrayList<>();
    java.util.List<String> prefixes = new java.util.ArrayList<>();
    String last = null;
    boolean truncated = false;
    for (StoredObject o : objects) {
      String key = o.key();
      if (!key.startsWith(prefix) || key.compareTo(after) <= 0) {
        continue;
      }
      String commonPrefix = null;
      if (delimiter != null) {
        int at = key.indexOf(delimiter, prefix.length());
        if (at >= 0) {
          commonPrefix = key.substring(0, at + delimiter.length());
        }
      }
      if (commonPrefix != null && !prefixes.isEmpty() && prefixes.get(prefixes.size() - 1).equals(commonPrefix)) {
        continue;
      }
      if (commonPrefix != null && commonPrefix.compareTo(after) <= 0) {
        continue;
      }
      if (contents.size() + prefixes.size() == maxKeys) {
        truncated = true;
        break;
      }
      if (commonPrefix != null) {
        prefixes.add(commonPrefix);
        last = commonPrefix;
      } else {
        contents.add(o);
        last = key;
      }
    }
    // A common prefix stands for every key under it: resume after the whole group.
    String resumeAfter = last != null && delimiter != null && last.endsWith(delimiter) && prefixes.contains(last)
        ? last + Character.MAX_VALUE : last;
    XmlWriter xml = new XmlWriter().start("ListBucketResult", NAMESPACE).leaf("Name", bucket)
        .leaf("Prefix", encode(prefix, urlEncoding));
    if (v2) {
      xml.leaf("KeyCount", contents.size() + prefixes.size());
      xml.leaf("ContinuationToken", continuation);
      xml.leaf("StartAfter", startAfter == null ? null : encode(startAfter, urlEncoding));
      if (truncated) {
        xml.leaf("NextContinuationToken", Base64.getUrlEncoder().withoutPadding()
            .encodeToString(resumeAfter.getBytes(StandardCharsets.UTF_8)));
      }
    } else {
      xml.leaf("Marker", encode(startAfter == null ? "" : startAfter, urlEncoding));
      if (truncated && delimiter != null) {
        xml.leaf("NextMarker", encode(last, urlEncoding));
      }
    }
    xml.leaf("MaxKeys", maxKeys).leaf("Delimiter", delimiter == null ? null : encode(delimiter, urlEncoding))
        .leaf("EncodingType", urlEncoding ? "url" : null).leaf("IsTruncated", truncated);
    for (StoredObject o : contents) {
      xml.start("Contents").leaf("Key", encode(o.key(), urlEncoding))
          .leaf("LastModified", AwsTime.iso(o.lastModified())).leaf("ETag", quote(o.etag()))
          .leaf("Size", o.size()).leaf("StorageClass", "STANDARD").end();
    }
    for (String p : prefixes) {
      xml.start("CommonPrefixes").leaf("Prefix", encode(p, urlEncoding)).end();
    }
    return SimResponse.xml(200, xml.end().toString());
  }

  private SimResponse listVersions(String bucket, QueryArgs q) {
    String prefix = q.get("prefix") == null ? "" : q.get("prefix");
    int maxKeys = maxKeys(q);
    boolean urlEncoding = "url".equals(q.get("encoding-type"));
    XmlWriter xml = new XmlWriter().start("ListVersionsResult", NAMESPACE).leaf("Name", bucket)
        .leaf("Prefix", encode(prefix, urlEncoding)).leaf("KeyMarker", "").leaf("VersionIdMarker", "")
        .leaf("MaxKeys", maxKeys).leaf("EncodingType", urlEncoding ? "url" : null);
    List<StoredObject> versions = store.allVersions(bucket).stream().filter(v -> v.key().startsWith(prefix)).toList();
    boolean truncated = versions.size() > maxKeys;
    xml.leaf("IsTruncated", truncated);
    String previousKey = null;
    for (StoredObject v : versions.subList(0, Math.min(maxKeys, versions.size()))) {
      boolean latest = !v.key().equals(previousKey);
      previousKey = v.key();
      xml.start(v.deleteMarker() ? "DeleteMarker" : "Version").leaf("Key", encode(v.key(), urlEncoding))
          .leaf("VersionId", v.versionId()).leaf("IsLatest", latest)
          .leaf("LastModified", AwsTime.iso(v.lastModified()));
      if (!v.deleteMarker()) {
        xml.leaf("ETag", quote(v.etag())).leaf("Size", v.size()).leaf("StorageClass", "STANDARD");
      }
      xml.start("Owner").leaf("ID", ownerId()).end().end();
    }
    return SimResponse.xml(200, xml.end().toString());
  }

  private SimResponse deleteObjects(String bucket, SimRequest request) {
    Element delete = parseXml(request.body());
    boolean quiet = "true".equals(XmlDocuments.childText(delete, "Quiet"));
    XmlWriter xml = new XmlWriter().start("DeleteResult", NAMESPACE);
    for (Element obj : XmlDocuments.children(delete, "Object")) {
      String key = XmlDocuments.childText(obj, "Key");
      String versionId = XmlDocuments.childText(obj, "VersionId");
      StoredObject marker = store.delete(bucket, key, versionId, clock.now());
      if (quiet) {
        continue;
      }
      xml.start("Deleted").leaf("Key", key).leaf("VersionId", versionId);
      if (marker != null && marker.deleteMarker() && versionId == null) {
        xml.leaf("DeleteMarker", true).leaf("DeleteMarkerVersionId", marker.versionId());
      }
      xml.end();
    }
    return SimResponse.xml(200, xml.end().toString());
  }

  /** The uploaded bytes (aws-chunked decoded) and the checksums that came with them, verified. */
  private record Upload(byte[] payload, Map<String, String> checksums) {
  }

  private SimResponse putObject(Target t, SimRequest request) {
    Upload upload = readUpload(request);
    Map<String, String> metadata = metadataOf(request);
    String encoding = request.header("Content-Encoding");
    String contentEncoding = encoding == null ? null : Arrays.stream(encoding.split(","))
        .map(String::trim).filter(s -> !s.isEmpty() && !s.equals("aws-chunked")).reduce((a, b) -> a + "," + b)
        .orElse(null);
    String contentType = request.header("Content-Type") == null ? "binary/octet-stream" : request.header("Content-Type");
    StoredObject stored = store.put(t.bucket(), t.key(), upload.payload(), contentType, contentEncoding,
        request.header("Content-Disposition"), metadata, upload.checksums(), clock.now());
    SimResponse response = SimResponse.empty(200).withHeader("ETag", quote(stored.etag()))
        .withHeader("x-amz-server-side-encryption", "AES256");
    if (!stored.versionId().equals("null")) {
      response.withHeader("x-amz-version-id", stored.versionId());
    }
    upload.checksums().forEach((algorithm, value) -> response.withHeader("x-amz-checksum-" + algorithm, value));
    return response;
  }

  private SimResponse createMultipart(Target t, SimRequest request) {
    store.region(t.bucket());
    String contentType = request.header("Content-Type") == null ? "binary/octet-stream" : request.header("Content-Type");
    String uploadId = uploads.create(t.bucket(), t.key(), contentType, metadataOf(request));
    XmlWriter xml = new XmlWriter().start("InitiateMultipartUploadResult", NAMESPACE).leaf("Bucket", t.bucket())
        .leaf("Key", t.key()).leaf("UploadId", uploadId).end();
    SimResponse response = SimResponse.xml(200, xml.toString());
    String algorithm = request.header("x-amz-checksum-algorithm");
    return algorithm == null ? response : response.withHeader("x-amz-checksum-algorithm", algorithm);
  }

  private SimResponse uploadPart(Target t, SimRequest request) {
    QueryArgs q = request.query();
    int partNumber;
    try {
      partNumber = Integer.parseInt(q.get("partNumber"));
    } catch (NumberFormatException e) {
      throw new ApiException("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive", 400)
          .with("ArgumentName", "partNumber").with("ArgumentValue", q.get("partNumber"));
    }
    Upload upload = readUpload(request);
    String etag = uploads.putPart(q.get("uploadId"), t.bucket(), t.key(), partNumber, upload.payload());
    SimResponse response = SimResponse.empty(200).withHeader("ETag", quote(etag));
    upload.checksums().forEach((algorithm, value) -> response.withHeader("x-amz-checksum-" + algorithm, value));
    return response;
  }

  private SimResponse completeMultipart(Target t, SimRequest request) {
    Element complete = parseXml(request.body());
    List<MultipartUploads.PartRef> parts = new java.util.ArrayList<>();
    for (Element part : XmlDocuments.children(complete, "Part")) {
      try {
        parts.add(new MultipartUploads.PartRef(Integer.parseInt(XmlDocuments.childText(part, "PartNumber")),
            XmlDocuments.childText(part, "ETag")));
      } catch (NumberFormatException e) {
        throw new ApiException("MalformedXML", "The XML you provided was not well-formed or did not validate"
            + " against our published schema", 400);
      }
    }
    MultipartUploads.Assembled assembled = uploads.complete(request.query().get("uploadId"), t.bucket(), t.key(), parts);
    StoredObject stored = store.put(t.bucket(), t.key(), assembled.data(), assembled.etag(),
        assembled.upload().contentType(), null, null, assembled.upload().metadata(), Map.of(), clock.now());
    XmlWriter xml = new XmlWriter().start("CompleteMultipartUploadResult", NAMESPACE)
        .leaf("Location", "/" + t.bucket() + "/" + t.key()).leaf("Bucket", t.bucket()).leaf("Key", t.key())
        .leaf("ETag", quote(stored.etag())).end();
    SimResponse response = SimResponse.xml(200, xml.toString());
    return stored.versionId().equals("null") ? response : response.withHeader("x-amz-version-id", stored.versionId());
  }

  private static Map<String, String> metadataOf(SimRequest request) {
    Map<String, String> metadata = new LinkedHashMap<>();
    request.headers().forEach((name, values) -> {
      if (name.toLowerCase(Locale.ROOT).startsWith("x-amz-meta-") && !values.isEmpty()) {
        metadata.put(name.toLowerCase(Locale.ROOT).substring("x-amz-meta-".length()), values.get(0));
      }
    });
    return metadata;
  }

  private static Upload readUpload(SimRequest request) {
    byte[] payload = request.body();
    Map<String, String> sentChecksums = new LinkedHashMap<>();
    request.headers().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-amz-checksum-") && !lower.equals("x-amz-checksum-algorithm")
          && !lower.equals("x-amz-checksum-type") && !values.isEmpty()) {
        sentChecksums.put(lower, values.get(0));
      }
    });
    String encoding = request.header("Content-Encoding");
    String sha = request.header("x-amz-content-sha256");
    boolean chunked = (encoding != null && encoding.contains("aws-chunked")) || (sha != null && sha.startsWith("STREAMING-"));
    if (chunked) {
      AwsChunkedBody decoded;
      try {
        decoded = AwsChunkedBody.decode(payload);
      } catch (IllegalArgumentException e) {
        throw new ApiException("IncompleteBody", "The aws-chunked request body is malformed: " + e.getMessage(), 400);
      }
      payload = decoded.payload();
      sentChecksums.putAll(decoded.trailers());
      String declared = request.header("x-amz-decoded-content-length");
      if (declared != null && Long.parseLong(declared.trim()) != payload.length) {
        throw new ApiException("IncompleteBody", "You did not provide the number of bytes specified by the"
            + " x-amz-decoded-content-length header (" + declared + " declared, " + payload.length + " sent).", 400);
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
        throw new ApiException("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
      }
    }
    return new Upload(payload, S3Checksums.verify(payload, sentChecksums));
  }

  private SimResponse getObject(Target t, SimRequest request, boolean head) {
    QueryArgs q = request.query();
    String versionId = q.get("versionId");
    StoredObject obj;
    try {
      obj = store.get(t.bucket(), t.key(), versionId);
    } catch (ApiException e) {
      if ("NoSuchKey".equals(e.code())) {
        StoredObject latest = store.latestOrNull(t.bucket(), t.key());
        if (latest != null && latest.deleteMarker()) {
          throw e.withHeader("x-amz-delete-marker", "true").withHeader("x-amz-version-id", latest.versionId());
        }
      }
      throw e;
    }
    String etag = quote(obj.etag());
    String ifNoneMatch = request.header("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.equals(etag) || ifNoneMatch.equals("*"))) {
      return SimResponse.empty(304).withHeader("ETag", etag);
    }
    String ifMatch = request.header("If-Match");
    if (ifMatch != null && !ifMatch.equals(etag) && !ifMatch.equals("*")) {
      throw new ApiException("PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
          412).with("Condition", "If-Match");
    }
    byte[] data = obj.data();
    int status = 200;
    String contentRange = null;
    String range = request.header("Range");
    if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
      long[] span = parseRange(range.substring("bytes=".length()), data.length);
      if (span == null) {
        throw new ApiException("InvalidRange", "The requested range is not satisfiable", 416)
            .with("RangeRequested", range).with("ActualObjectSize", String.valueOf(data.length));
      }
      contentRange = "bytes " + span[0] + "-" + span[1] + "/" + data.length;
      data = Arrays.copyOfRange(data, (int) span[0], (int) span[1] + 1);
      status = 206;
    }
    SimResponse response = new SimResponse(status, new LinkedHashMap<>(), head ? new byte[0] : data);
    String contentType = q.get("response-content-type") != null ? q.get("response-content-type") : obj.contentType();
    response.withHeader("Content-Type", contentType).withHeader("ETag", etag)
        .withHeader("Last-Modified", AwsTime.rfc1123(obj.lastModified())).withHeader("Accept-Ranges", "bytes")
        .withHeader("x-amz-server-side-encryption", "AES256").withHeader("Content-Range", contentRange)
        .withHeader("Content-Encoding", obj.contentEncoding())
        .withHeader("Content-Disposition", q.get("response-content-disposition") != null
            ? q.get("response-content-disposition") : obj.contentDisposition());
    if (head) {
      response.withHeader("Content-Length", String.valueOf(data.length));
    }
    if (!obj.versionId().equals("null")) {
      response.withHeader("x-amz-version-id", obj.versionId());
    }
    obj.metadata().forEach((k, v) -> response.withHeader("x-amz-meta-" + k, v));
    if ("ENABLED".equalsIgnoreCase(request.header("x-amz-checksum-mode")) && contentRange == null) {
      obj.checksums().forEach((algorithm, value) -> response.withHeader("x-amz-checksum-" + algorithm, value));
      if (!obj.checksums().isEmpty()) {
        response.withHeader("x-amz-checksum-type", "FULL_OBJECT");
      }
    }
    return response;
  }

  private SimResponse deleteObject(Target t, SimRequest request) {
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

  private static int maxKeys(QueryArgs q) {
    String raw = q.get("max-keys");
    if (raw == null) {
      return 1000;
    }
    try {
      int v = Integer.parseInt(raw);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return Math.min(v, 1000);
    } catch (NumberFormatException e) {
      throw new ApiException("InvalidArgument", "Provided max-keys not an integer or within integer range", 400)
          .with("ArgumentName", "max-keys").with("ArgumentValue", raw);
    }
  }

  private static Element parseXml(byte[] body) {
    try {
      return XmlDocuments.parse(body);
    } catch (IllegalArgumentException e) {
      throw new ApiException("MalformedXML", "The XML you provided was not well-formed or did not validate against"
          + " our published schema", 400);
    }
  }

  private static String encode(String s, boolean url) {
    if (!url || s == null) {
      return s;
    }
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/")
        .replace("%7E", "~");
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

  private static String quote(String etag) {
    return etag == null ? null : "\"" + etag + "\"";
  }

  private static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from the JDK", e);
    }
  }

  private String ownerId() {
    return BucketStore.md5Hex(accountId.getBytes(StandardCharsets.UTF_8))
        + BucketStore.md5Hex(accountId.getBytes(StandardCharsets.UTF_8));
  }

  private static String requestIdOf(SimRequest request) {
    return request.requestId().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
  }

  private static String hostIdOf(SimRequest request) {
    return Base64.getEncoder().encodeToString(request.requestId().getBytes(StandardCharsets.UTF_8));
  }

  private static SimResponse withIds(SimResponse response, SimRequest request) {
    return response.withHeader("x-amz-request-id", requestIdOf(request)).withHeader("x-amz-id-2", hostIdOf(request));
  }
}
