package io.fleetdeploy.simulator.s3;

import io.fleetdeploy.simulator.codec.AwsTime;
import io.fleetdeploy.simulator.codec.QueryArgs;
import io.fleetdeploy.simulator.codec.XmlDocuments;
import io.fleetdeploy.simulator.codec.XmlWriter;
import io.fleetdeploy.simulator.fleet.SimClock;
import io.fleetdeploy.simulator.http.ApiException;
import io.fleetdeploy.simulator.http.SimRequest;
import io.fleetdeploy.simulator.http.SimResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.w3c.dom.Element;

/** Bucket-level S3 operations: buckets, versioning configuration, listings, batch delete. */
final class BucketOperations {
  private final BucketStore store;
  private final SimClock clock;
  private final String region;
  private final String accountId;

  BucketOperations(BucketStore store, SimClock clock, String region, String accountId) {
    this.store = store;
    this.clock = clock;
    this.region = region;
    this.accountId = accountId;
  }

  SimResponse listBuckets() {
    XmlWriter xml =
        new XmlWriter()
            .start("ListAllMyBucketsResult", S3Service.NAMESPACE)
            .start("Owner")
            .leaf("ID", ownerId())
            .leaf("DisplayName", "fleetdeploy-simulator")
            .end()
            .start("Buckets");
    for (Bucket b : store.all()) {
      xml.start("Bucket")
          .leaf("Name", b.name)
          .leaf("CreationDate", AwsTime.iso(b.created))
          .leaf("BucketRegion", b.region)
          .end();
    }
    return SimResponse.xml(200, xml.end().end().toString());
  }

  SimResponse createBucket(String bucket, SimRequest request) {
    String constraint = null;
    if (request.body().length > 0) {
      Element config = S3Xml.parse(request.body());
      constraint = XmlDocuments.childText(config, "LocationConstraint");
    }
    // As on a regional endpoint: outside us-east-1 the location constraint must name this region.
    boolean matches =
        region.equals("us-east-1")
            ? constraint == null || constraint.isEmpty() || constraint.equals(region)
            : region.equals(constraint);
    if (!matches) {
      String said = constraint == null || constraint.isEmpty() ? "unspecified" : constraint;
      throw new ApiException(
          "IllegalLocationConstraintException",
          "The "
              + said
              + " location constraint is incompatible for the region specific endpoint this request was sent to.",
          400);
    }
    store.create(bucket, clock.now(), region);
    return SimResponse.empty(200).withHeader("Location", "/" + bucket);
  }

  SimResponse deleteBucket(String bucket) {
    store.delete(bucket);
    return SimResponse.empty(204);
  }

  SimResponse headBucket(String bucket) {
    String bucketRegion = store.region(bucket);
    return SimResponse.empty(200)
        .withHeader("x-amz-bucket-region", bucketRegion)
        .withHeader("x-amz-access-point-alias", "false");
  }

  SimResponse location(String bucket) {
    String r = store.region(bucket);
    // us-east-1 buckets answer with an empty constraint, as S3 does.
    String body = r.equals("us-east-1") ? "" : XmlWriter.escape(r);
    return SimResponse.xml(
        200,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\""
            + S3Service.NAMESPACE
            + "\">"
            + body
            + "</LocationConstraint>");
  }

  SimResponse putVersioning(String bucket, SimRequest request) {
    Element config = S3Xml.parse(request.body());
    String status = XmlDocuments.childText(config, "Status");
    if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
      throw new ApiException(
          "MalformedXML",
          "The XML you provided was not well-formed or did not validate against"
              + " our published schema",
          400);
    }
    store.setVersioning(bucket, status);
    return SimResponse.empty(200);
  }

  SimResponse getVersioning(String bucket) {
    XmlWriter xml =
        new XmlWriter()
            .start("VersioningConfiguration", S3Service.NAMESPACE)
            .leaf("Status", store.versioning(bucket))
            .end();
    return SimResponse.xml(200, xml.toString());
  }

  SimResponse listObjects(String bucket, QueryArgs q, boolean v2) {
    String prefix = q.get("prefix") == null ? "" : q.get("prefix");
    String delimiter =
        q.get("delimiter") == null || q.get("delimiter").isEmpty() ? null : q.get("delimiter");
    int maxKeys = maxKeys(q);
    boolean urlEncoding = "url".equals(q.get("encoding-type"));
    String continuation = v2 ? q.get("continuation-token") : null;
    String startAfter = v2 ? q.get("start-after") : q.get("marker");
    String after = startAfter == null ? "" : startAfter;
    if (continuation != null) {
      try {
        String decoded =
            new String(Base64.getUrlDecoder().decode(continuation), StandardCharsets.UTF_8);
        after = decoded.compareTo(after) > 0 ? decoded : after;
      } catch (IllegalArgumentException e) {
        throw new ApiException(
                "InvalidArgument", "The continuation token provided is incorrect", 400)
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
      if (commonPrefix != null
          && !prefixes.isEmpty()
          && prefixes.get(prefixes.size() - 1).equals(commonPrefix)) {
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
    String resumeAfter =
        last != null && delimiter != null && last.endsWith(delimiter) && prefixes.contains(last)
            ? last + Character.MAX_VALUE
            : last;
    XmlWriter xml =
        new XmlWriter()
            .start("ListBucketResult", S3Service.NAMESPACE)
            .leaf("Name", bucket)
            .leaf("Prefix", encode(prefix, urlEncoding));
    if (v2) {
      xml.leaf("KeyCount", contents.size() + prefixes.size());
      xml.leaf("ContinuationToken", continuation);
      xml.leaf("StartAfter", startAfter == null ? null : encode(startAfter, urlEncoding));
      if (truncated) {
        xml.leaf(
            "NextContinuationToken",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(resumeAfter.getBytes(StandardCharsets.UTF_8)));
      }
    } else {
      xml.leaf("Marker", encode(startAfter == null ? "" : startAfter, urlEncoding));
      if (truncated && delimiter != null) {
        xml.leaf("NextMarker", encode(last, urlEncoding));
      }
    }
    xml.leaf("MaxKeys", maxKeys)
        .leaf("Delimiter", delimiter == null ? null : encode(delimiter, urlEncoding))
        .leaf("EncodingType", urlEncoding ? "url" : null)
        .leaf("IsTruncated", truncated);
    for (StoredObject o : contents) {
      xml.start("Contents")
          .leaf("Key", encode(o.key(), urlEncoding))
          .leaf("LastModified", AwsTime.iso(o.lastModified()))
          .leaf("ETag", S3Xml.quote(o.etag()))
          .leaf("Size", o.size())
          .leaf("StorageClass", "STANDARD")
          .end();
    }
    for (String p : prefixes) {
      xml.start("CommonPrefixes").leaf("Prefix", encode(p, urlEncoding)).end();
    }
    return SimResponse.xml(200, xml.end().toString());
  }

  SimResponse listVersions(String bucket, QueryArgs q) {
    String prefix = q.get("prefix") == null ? "" : q.get("prefix");
    int maxKeys = maxKeys(q);
    boolean urlEncoding = "url".equals(q.get("encoding-type"));
    XmlWriter xml =
        new XmlWriter()
            .start("ListVersionsResult", S3Service.NAMESPACE)
            .leaf("Name", bucket)
            .leaf("Prefix", encode(prefix, urlEncoding))
            .leaf("KeyMarker", "")
            .leaf("VersionIdMarker", "")
            .leaf("MaxKeys", maxKeys)
            .leaf("EncodingType", urlEncoding ? "url" : null);
    List<StoredObject> versions =
        store.allVersions(bucket).stream().filter(v -> v.key().startsWith(prefix)).toList();
    boolean truncated = versions.size() > maxKeys;
    xml.leaf("IsTruncated", truncated);
    String previousKey = null;
    for (StoredObject v : versions.subList(0, Math.min(maxKeys, versions.size()))) {
      boolean latest = !v.key().equals(previousKey);
      previousKey = v.key();
      xml.start(v.deleteMarker() ? "DeleteMarker" : "Version")
          .leaf("Key", encode(v.key(), urlEncoding))
          .leaf("VersionId", v.versionId())
          .leaf("IsLatest", latest)
          .leaf("LastModified", AwsTime.iso(v.lastModified()));
      if (!v.deleteMarker()) {
        xml.leaf("ETag", S3Xml.quote(v.etag()))
            .leaf("Size", v.size())
            .leaf("StorageClass", "STANDARD");
      }
      xml.start("Owner").leaf("ID", ownerId()).end().end();
    }
    return SimResponse.xml(200, xml.end().toString());
  }

  SimResponse deleteObjects(String bucket, SimRequest request) {
    Element delete = S3Xml.parse(request.body());
    boolean quiet = "true".equals(XmlDocuments.childText(delete, "Quiet"));
    XmlWriter xml = new XmlWriter().start("DeleteResult", S3Service.NAMESPACE);
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
      throw new ApiException(
              "InvalidArgument", "Provided max-keys not an integer or within integer range", 400)
          .with("ArgumentName", "max-keys")
          .with("ArgumentValue", raw);
    }
  }

  private static String encode(String s, boolean url) {
    if (!url || s == null) {
      return s;
    }
    return URLEncoder.encode(s, StandardCharsets.UTF_8)
        .replace("+", "%20")
        .replace("%2F", "/")
        .replace("%7E", "~");
  }

  private String ownerId() {
    return BucketStore.md5Hex(accountId.getBytes(StandardCharsets.UTF_8))
        + BucketStore.md5Hex(accountId.getBytes(StandardCharsets.UTF_8));
  }
}
