package io.fleetdeploy.hostplan;

import java.util.Optional;

/**
 * Where a revision lives in S3; its parts become the {@code BUNDLE_*} variables of hook scripts.
 */
public record S3Location(
    String bucket, String key, Optional<String> version, Optional<String> etag) {}
