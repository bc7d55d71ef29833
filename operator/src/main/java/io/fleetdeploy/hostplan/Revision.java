package io.fleetdeploy.hostplan;

import io.fleetdeploy.appspec.BundleType;
import java.util.Optional;

/**
 * The bundle a host installs.
 *
 * @param location where the host fetches it: an {@code https://} or {@code http://} URL (for S3 a
 *     presigned one), a {@code file://} URL or an absolute path on the host
 * @param sha256 lower-case hex digest the host verifies before using a single byte
 * @param s3 the S3 object the location was made from, when it came from S3
 */
public record Revision(
    String location, BundleType bundleType, String sha256, Optional<S3Location> s3) {}
