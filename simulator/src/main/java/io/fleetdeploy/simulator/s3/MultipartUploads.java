package io.fleetdeploy.simulator.s3;

import io.fleetdeploy.simulator.fleet.IdGenerator;
import io.fleetdeploy.simulator.http.ApiException;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multipart uploads in progress, with S3's part rules (5 MiB minimum but for the last, ascending
 * order).
 */
final class MultipartUploads {
  static final int MIN_PART_SIZE = 5 * 1024 * 1024;

  record Part(int number, byte[] data, String etag) {}

  /** What the upload will become. */
  record Upload(
      String bucket,
      String key,
      String contentType,
      Map<String, String> metadata,
      TreeMap<Integer, Part> parts) {}

  /** A part as CompleteMultipartUpload lists it. */
  record PartRef(int number, String etag) {}

  /** The assembled object: bytes and the multipart ETag ({@code md5-of-part-md5s-N}). */
  record Assembled(Upload upload, byte[] data, String etag) {}

  private final Map<String, Upload> uploads = new LinkedHashMap<>();
  private final IdGenerator ids;

  MultipartUploads(IdGenerator ids) {
    this.ids = ids;
  }

  synchronized String create(
      String bucket, String key, String contentType, Map<String, String> metadata) {
    String id = ids.uuid().replace("-", "") + ids.hex(32);
    uploads.put(id, new Upload(bucket, key, contentType, Map.copyOf(metadata), new TreeMap<>()));
    return id;
  }

  synchronized String putPart(String uploadId, String bucket, String key, int number, byte[] data) {
    Upload upload = require(uploadId, bucket, key);
    if (number < 1 || number > 10_000) {
      throw new ApiException(
              "InvalidArgument",
              "Part number must be an integer between 1 and 10000, inclusive",
              400)
          .with("ArgumentName", "partNumber")
          .with("ArgumentValue", String.valueOf(number));
    }
    String etag = BucketStore.md5Hex(data);
    upload.parts().put(number, new Part(number, data, etag));
    return etag;
  }

  synchronized Assembled complete(
      String uploadId, String bucket, String key, List<PartRef> requested) {
    Upload upload = require(uploadId, bucket, key);
    if (requested.isEmpty()) {
      throw new ApiException(
          "MalformedXML",
          "The XML you provided was not well-formed or did not validate against"
              + " our published schema",
          400);
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ByteArrayOutputStream md5s = new ByteArrayOutputStream();
    int previous = 0;
    for (int i = 0; i < requested.size(); i++) {
      PartRef ref = requested.get(i);
      if (ref.number() <= previous) {
        throw new ApiException(
            "InvalidPartOrder",
            "The list of parts was not in ascending order. Parts must be"
                + " ordered by part number.",
            400);
      }
      previous = ref.number();
      Part part = upload.parts().get(ref.number());
      String wanted = ref.etag() == null ? null : ref.etag().replace("\"", "");
      if (part == null || (wanted != null && !wanted.equals(part.etag()))) {
        throw new ApiException(
                "InvalidPart",
                "One or more of the specified parts could not be found. The part may"
                    + " not have been uploaded, or the specified entity tag may not match the part's entity tag.",
                400)
            .with("PartNumber", String.valueOf(ref.number()))
            .with("ETag", ref.etag());
      }
      if (i < requested.size() - 1 && part.data().length < MIN_PART_SIZE) {
        throw new ApiException(
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed object" + " size.",
                400)
            .with("ProposedSize", String.valueOf(part.data().length))
            .with("MinSizeAllowed", String.valueOf(MIN_PART_SIZE))
            .with("PartNumber", String.valueOf(ref.number()));
      }
      data.writeBytes(part.data());
      md5s.writeBytes(HexFormat.of().parseHex(part.etag()));
    }
    uploads.remove(uploadId);
    String etag = md5Hex(md5s.toByteArray()) + "-" + requested.size();
    return new Assembled(upload, data.toByteArray(), etag);
  }

  synchronized void abort(String uploadId, String bucket, String key) {
    require(uploadId, bucket, key);
    uploads.remove(uploadId);
  }

  private Upload require(String uploadId, String bucket, String key) {
    Upload upload = uploads.get(uploadId);
    if (upload == null || !upload.bucket().equals(bucket) || !upload.key().equals(key)) {
      throw new ApiException(
              "NoSuchUpload",
              "The specified upload does not exist. The upload ID may be invalid, or"
                  + " the upload may have been aborted or completed.",
              404)
          .with("UploadId", uploadId);
    }
    return upload;
  }

  private static String md5Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from the JDK", e);
    }
  }
}
