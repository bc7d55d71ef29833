package io.fleetdeploy.simulator.s3;

import java.time.Instant;
import java.util.Map;

/**
 * One version of an S3 object, or a delete marker. {@code versionId} is "null" for objects written
 * while versioning was never enabled or suspended, as S3 reports them.
 */
public record StoredObject(
    String key,
    String versionId,
    byte[] data,
    String etag,
    String contentType,
    String contentEncoding,
    String contentDisposition,
    Instant lastModified,
    Map<String, String> metadata,
    Map<String, String> checksums,
    boolean deleteMarker) {

  public long size() {
    return data == null ? 0 : data.length;
  }
}
