package io.fleetdeploy.simulator.s3;

import io.fleetdeploy.simulator.fleet.IdGenerator;
import io.fleetdeploy.simulator.http.ApiException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Buckets and object versions in memory, with S3's versioning rules and error codes. */
public final class BucketStore {
  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]");
  private final Map<String, Bucket> buckets = new TreeMap<>();
  private final IdGenerator ids;

  public BucketStore(IdGenerator ids) {
    this.ids = ids;
  }

  public synchronized void create(String name, Instant now, String region) {
    if (name == null || !BUCKET_NAME.matcher(name).matches() || name.contains("..")) {
      throw new ApiException("InvalidBucketName", "The specified bucket is not valid.", 400)
          .with("BucketName", name);
    }
    if (buckets.containsKey(name)) {
      throw new ApiException(
              "BucketAlreadyOwnedByYou",
              "Your previous request to create the named bucket succeeded"
                  + " and you already own it.",
              409)
          .with("BucketName", name);
    }
    buckets.put(name, new Bucket(name, now, region));
  }

  public synchronized void delete(String name) {
    Bucket b = require(name);
    if (!b.objects.isEmpty()) {
      throw new ApiException("BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
          .with("BucketName", name);
    }
    buckets.remove(name);
  }

  public synchronized boolean exists(String name) {
    return buckets.containsKey(name);
  }

  public synchronized String region(String name) {
    return require(name).region;
  }

  public synchronized List<Bucket> all() {
    return new ArrayList<>(buckets.values());
  }

  public synchronized void setVersioning(String name, String status) {
    require(name).versioning = status;
  }

  public synchronized String versioning(String name) {
    return require(name).versioning;
  }

  /** Stores a new object (version) and returns it. */
  public synchronized StoredObject put(
      String bucketName,
      String key,
      byte[] data,
      String contentType,
      String contentEncoding,
      String contentDisposition,
      Map<String, String> metadata,
      Map<String, String> checksums,
      Instant now) {
    return put(
        bucketName,
        key,
        data,
        md5Hex(data),
        contentType,
        contentEncoding,
        contentDisposition,
        metadata,
        checksums,
        now);
  }

  /** Stores an object whose ETag is not the MD5 of its bytes (a completed multipart upload). */
  synchronized StoredObject put(
      String bucketName,
      String key,
      byte[] data,
      String etag,
      String contentType,
      String contentEncoding,
      String contentDisposition,
      Map<String, String> metadata,
      Map<String, String> checksums,
      Instant now) {
    Bucket b = require(bucketName);
    boolean versioned = "Enabled".equals(b.versioning);
    String versionId = versioned ? newVersionId() : "null";
    StoredObject obj =
        new StoredObject(
            key,
            versionId,
            data,
            etag,
            contentType,
            contentEncoding,
            contentDisposition,
            now,
            Map.copyOf(metadata),
            Map.copyOf(checksums),
            false);
    List<StoredObject> versions = b.versionsOf(key);
    if (!versioned) {
      versions.removeIf(v -> v.versionId().equals("null"));
    }
    versions.add(obj);
    return obj;
  }

  /**
   * The latest version, or a given one. A key whose latest version is a delete marker is missing
   * (NoSuchKey); asking for a delete marker by version id is not allowed (MethodNotAllowed).
   */
  public synchronized StoredObject get(String bucketName, String key, String versionId) {
    Bucket b = require(bucketName);
    List<StoredObject> versions = b.objects.get(key);
    if (versionId == null) {
      StoredObject latest = b.latest(key);
      if (latest == null) {
        throw noSuchKey(key);
      }
      if (latest.deleteMarker()) {
        throw noSuchKey(key);
      }
      return latest;
    }
    StoredObject found =
        versions == null
            ? null
            : versions.stream()
                .filter(v -> v.versionId().equals(versionId))
                .findFirst()
                .orElse(null);
    if (found == null) {
      if (!versionId.equals("null") && !versionId.matches("[A-Za-z0-9._\\-]{1,1024}")) {
        throw new ApiException("InvalidArgument", "Invalid version id specified", 400)
            .with("ArgumentName", "versionId")
            .with("ArgumentValue", versionId);
      }
      throw new ApiException("NoSuchVersion", "The specified version does not exist.", 404)
          .with("Key", key)
          .with("VersionId", versionId);
    }
    if (found.deleteMarker()) {
      throw new ApiException(
              "MethodNotAllowed", "The specified method is not allowed against this resource.", 405)
          .with("Method", "GET")
          .with("ResourceType", "DeleteMarker");
    }
    return found;
  }

  /** The latest version even when it is a delete marker (for the x-amz-delete-marker header). */
  public synchronized StoredObject latestOrNull(String bucketName, String key) {
    return require(bucketName).latest(key);
  }

  /**
   * DeleteObject: a delete marker in versioned buckets, removal otherwise, or one version by id.
   */
  public synchronized StoredObject delete(
      String bucketName, String key, String versionId, Instant now) {
    Bucket b = require(bucketName);
    List<StoredObject> versions = b.objects.get(key);
    if (versionId != null) {
      StoredObject removed = null;
      if (versions != null) {
        for (StoredObject v : versions) {
          if (v.versionId().equals(versionId)) {
            removed = v;
          }
        }
        versions.remove(removed);
        if (versions.isEmpty()) {
          b.objects.remove(key);
        }
      }
      return removed;
    }
    if (b.versioning == null) {
      b.objects.remove(key);
      return null;
    }
    String markerId = "Enabled".equals(b.versioning) ? newVersionId() : "null";
    StoredObject marker =
        new StoredObject(
            key, markerId, null, null, null, null, null, now, Map.of(), Map.of(), true);
    List<StoredObject> list = b.versionsOf(key);
    if (markerId.equals("null")) {
      list.removeIf(v -> v.versionId().equals("null"));
    }
    list.add(marker);
    return marker;
  }

  /** The latest live object of every key, in key order. */
  public synchronized List<StoredObject> liveObjects(String bucketName) {
    Bucket b = require(bucketName);
    List<StoredObject> out = new ArrayList<>();
    for (String key : b.objects.keySet()) {
      StoredObject latest = b.latest(key);
      if (latest != null && !latest.deleteMarker()) {
        out.add(latest);
      }
    }
    return out;
  }

  /** Every version and delete marker, keys in order, newest version of each key first. */
  public synchronized List<StoredObject> allVersions(String bucketName) {
    Bucket b = require(bucketName);
    List<StoredObject> out = new ArrayList<>();
    for (List<StoredObject> versions : b.objects.values()) {
      for (int i = versions.size() - 1; i >= 0; i--) {
        out.add(versions.get(i));
      }
    }
    return out;
  }

  private Bucket require(String name) {
    Bucket b = buckets.get(name);
    if (b == null) {
      throw new ApiException("NoSuchBucket", "The specified bucket does not exist", 404)
          .with("BucketName", name);
    }
    return b;
  }

  private String newVersionId() {
    return ids.hex(8) + "." + ids.uuid().replace("-", "").substring(0, 23);
  }

  private static ApiException noSuchKey(String key) {
    return new ApiException("NoSuchKey", "The specified key does not exist.", 404).with("Key", key);
  }

  static String md5Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from the JDK", e);
    }
  }
}
