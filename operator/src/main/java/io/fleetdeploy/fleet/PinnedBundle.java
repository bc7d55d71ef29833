package io.fleetdeploy.fleet;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A revision fixed to exact bytes: what every host of a deployment downloads and verifies.
 *
 * @param location where it is
 * @param sha256 digest of the bytes, lowercase hex
 * @param sizeBytes size of the bundle
 * @param versionId S3 version pinned, if the bucket is versioned
 * @param etag S3 ETag, if from S3
 * @param file a local copy of the bytes, for the operator's own AppSpec check; the caller deletes
 *     it
 */
public record PinnedBundle(
    RevisionLocation location,
    String sha256,
    long sizeBytes,
    Optional<String> versionId,
    Optional<String> etag,
    Path file) {}
